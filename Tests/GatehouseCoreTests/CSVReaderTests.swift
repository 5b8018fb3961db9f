import GatehouseCore
import Testing

@Suite struct CSVReaderTests {
    /// The failure for `text`, or `nil` when it reads.
    private func failure(_ text: String) -> CSVReader.Failure? {
        do {
            _ = try CSVReader.rows(text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Records and fields

    @Test("A header and rows read as one array of fields per line")
    func plainRows() throws {
        #expect(
            try CSVReader.rows("email,name,lists\nalice@example.com,Alice,Customers\nbob@example.com,Bob,\n") == [
                ["email", "name", "lists"], ["alice@example.com", "Alice", "Customers"], ["bob@example.com", "Bob", ""],
            ])
    }

    @Test(
        "Quoted fields keep commas, doubled quotes and line breaks (RFC 4180 §2.5–2.7)",
        arguments: [
            (#""Example, Alice",x"#, ["Example, Alice", "x"]),
            (#""Bob ""the builder"" Jones""#, [#"Bob "the builder" Jones"#]),
            (#""""""#, [#"""#]),
            (#""""x""",y"#, [#""x""#, "y"]),
            (#""",a"#, ["", "a"]),
            ("\"two\nlines\",x", ["two\nlines", "x"]),
            ("\"crlf\r\ninside\"", ["crlf\r\ninside"]),
            (#""a,""b"",c""#, [#"a,"b",c"#]),
        ])
    func quotedFields(_ text: String, _ expected: [String]) throws {
        #expect(try CSVReader.rows(text) == [expected])
    }

    @Test("A quoted field with a line break is one field, and the next line is the next record")
    func recordAfterMultilineField() throws {
        #expect(try CSVReader.rows("a,\"one\ntwo\nthree\"\nb,c\n") == [["a", "one\ntwo\nthree"], ["b", "c"]])
    }

    @Test(
        "Empty fields are kept wherever they are",
        arguments: [
            ("a,,c", ["a", "", "c"]), (",a", ["", "a"]), ("a,", ["a", ""]), (",,", ["", "", ""]), (#"a,"",c"#, ["a", "", "c"]),
        ])
    func emptyFields(_ text: String, _ expected: [String]) throws {
        #expect(try CSVReader.rows(text + "\n") == [expected])
        #expect(try CSVReader.rows(text) == [expected])
    }

    @Test("Spaces and non-ASCII text are kept as they are; trimming is the importer's business")
    func textKept() throws {
        #expect(try CSVReader.rows(" a , b \nZoë Ørsted,東京 😀\n") == [[" a ", " b "], ["Zoë Ørsted", "東京 😀"]])
    }

    // MARK: Line endings

    @Test(
        "CRLF, LF and a mix of them end records alike",
        arguments: ["a,b\r\nc,d\r\n", "a,b\nc,d\n", "a,b\r\nc,d\n", "a,b\nc,d\r\n", "a,b\r\nc,d"])
    func lineEndings(_ text: String) throws {
        #expect(try CSVReader.rows(text) == [["a", "b"], ["c", "d"]])
    }

    @Test(
        "The last record needs no line break, and trailing line breaks add no record",
        arguments: ["a,b", "a,b\n", "a,b\r\n", "a,b\n\n", "a,b\r\n\r\n\n"])
    func trailingLineBreaks(_ text: String) throws {
        #expect(try CSVReader.rows(text) == [["a", "b"]])
    }

    @Test("Blank lines (LF or CRLF) are skipped, wherever they are")
    func blankLines() throws {
        #expect(
            try CSVReader.rows("\nemail\n\nalice@example.com\r\n\r\n\nbob@example.com\n\n") == [
                ["email"], ["alice@example.com"], ["bob@example.com"],
            ])
    }

    @Test("Empty input, or only line breaks, reads as no records", arguments: ["", "\n", "\r\n", "\n\n\r\n"])
    func noRecords(_ text: String) throws {
        #expect(try CSVReader.rows(text).isEmpty)
    }

    // MARK: Malformed input

    @Test(
        "A quoted field that is never closed is refused",
        arguments: ["\"open", "a,\"open\n", "a,\"b\"\"", "email\n\"open, with \"\"escaped\"\" quotes\nmore\n"])
    func unterminatedQuote(_ text: String) {
        let message = failure(text)?.message
        #expect(message?.contains("a quoted field is not closed") == true, "\(String(reflecting: message))")
    }

    @Test("The unterminated-quote error names the line where the quote opened")
    func unterminatedQuoteLine() {
        #expect(failure("email,name\nalice@example.com,\"Alice\nmore\n")?.message == "line 2: a quoted field is not closed")
    }

    @Test(
        "A quote inside an unquoted field is refused with its line number",
        arguments: [
            ("ab\"c", 1), ("email,name\nalice@example.com,Al\"ice\n", 2), ("a,b\r\nc,d\r\ne,f\"\r\n", 3), (" \"a\"", 1),
            // Line breaks inside a quoted field count: the bad quote is on the file's line 4.
            ("email,name\nalice@example.com,\"Alice\nExample\"\nbob\"@example.com,Bob\n", 4),
            // Blank lines count too.
            ("email\n\n\nbo\"b@example.com\n", 4),
        ])
    func quoteInUnquotedField(_ text: String, _ line: Int) {
        #expect(failure(text)?.message == "line \(line): a quote inside an unquoted field")
    }

    @Test("Text after a closing quote is refused, not glued to the quoted text")
    func textAfterClosingQuote() {
        // RFC 4180 §2 allows nothing after the closing quote.
        #expect(failure("\"bad\"x@example.com,Name\n") != nil)
    }

    @Test("A leading UTF-8 BOM (Excel's CSV UTF-8) is not part of the first field")
    func byteOrderMark() throws {
        #expect(try CSVReader.rows("\u{FEFF}email,name\na@example.com,A\n") == [["email", "name"], ["a@example.com", "A"]])
    }

    @Test("Records carry the file line they start on")
    func recordLines() throws {
        let records = try CSVReader.records("email,name\n\n\"x\",\"two\nlines\"\nbroken,B\n")
        #expect(records.map(\.line) == [1, 3, 5])
        #expect(records.last?.fields == ["broken", "B"])
    }
}
