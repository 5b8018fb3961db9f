import GatehouseCore
import Testing

@Suite struct StrictJSONParserTests {
    private let parser = StrictJSONParser()

    private func parse(_ text: String) throws(StrictJSONParser.Failure) -> JSONValue {
        try parser.parse(Array(text.utf8))
    }

    /// The failure for `bytes`, or `nil` when they parse.
    private func failure(_ bytes: [UInt8], maxDepth: Int = 16) -> StrictJSONParser.Failure? {
        do {
            _ = try StrictJSONParser(maxDepth: maxDepth).parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func failure(_ text: String, maxDepth: Int = 16) -> StrictJSONParser.Failure? {
        failure(Array(text.utf8), maxDepth: maxDepth)
    }

    // MARK: Valid documents

    @Test("A JWT-like payload parses to the matching JSONValue tree")
    func payloadRoundTrip() throws {
        let value = try parse(
            #"{"iss":"https://app.example","aud":["gatehouse","other"],"exp":1900000000,"admin":false,"tags":[],"x":null,"nested":{"t":true}}"#)
        #expect(
            value
                == .object([
                    "iss": .string("https://app.example"),
                    "aud": .array([.string("gatehouse"), .string("other")]),
                    "exp": .number(1_900_000_000),
                    "admin": .bool(false),
                    "tags": .array([]),
                    "x": .null,
                    "nested": .object(["t": .bool(true)]),
                ]))
    }

    @Test(
        "Every scalar kind parses as a top-level value",
        arguments: [
            ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)), ("0", .number(0)), ("-0", .number(-0.0)),
            ("42", .number(42)), ("-7", .number(-7)), ("0.5", .number(0.5)), ("-2.5e3", .number(-2500)), ("1E+2", .number(100)),
            ("1e-2", .number(0.01)), ("10.25E2", .number(1025)), (#""""#, .string("")), (#""plain""#, .string("plain")),
        ])
    func scalars(_ text: String, _ expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test(
        "Escapes decode to the characters they stand for",
        arguments: [
            (#""\"""#, "\""), (#""\\""#, "\\"), (#""\/""#, "/"), (#""\b""#, "\u{08}"), (#""\f""#, "\u{0C}"), (#""\n""#, "\n"),
            (#""\r""#, "\r"), (#""\t""#, "\t"), (#""\u0041\u00e9\u20AC""#, "Aé€"), (#""\u0000""#, "\u{0}"),
            (#""\ud83d\ude00""#, "😀"), (#""\uD83D\uDE00""#, "😀"), (#""a\nb\u0063d""#, "a\nbcd"),
        ])
    func escapes(_ text: String, _ expected: String) throws {
        #expect(try parse(text) == .string(expected))
    }

    @Test("Raw UTF-8 in strings passes through unchanged")
    func rawUTF8() throws {
        #expect(try parse(#"{"name":"Zoë Ørsted 😀 東京"}"#) == .object(["name": .string("Zoë Ørsted 😀 東京")]))
    }

    @Test("DEL (0x7F) is not a control character in JSON and is accepted inside strings")
    func deleteCharacter() throws {
        #expect(try parser.parse([0x22, 0x61, 0x7F, 0x22]) == .string("a\u{7F}"))
    }

    @Test("Whitespace around and between tokens is allowed")
    func whitespace() throws {
        #expect(try parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] }\r\n ") == .object(["a": .array([.number(1), .number(2)])]))
    }

    @Test("The same name in different objects is not a duplicate")
    func sameNameInDifferentObjects() throws {
        #expect(try parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#) != .null)
    }

    // MARK: Duplicate names

    @Test(
        "Duplicate member names are refused, naming the member",
        arguments: [
            (#"{"email":"a@example.com","email":"b@example.com"}"#, "email"),
            (#"{"email":"a@example.com","name":"x","email":"a@example.com"}"#, "email"),
            (#"{"a":null,"a":null}"#, "a"),
            (#"{"":1,"":2}"#, ""),
            (#"{"sub":"alice", "sub" : "admin"}"#, "sub"),
        ])
    func duplicates(_ text: String, _ name: String) {
        #expect(failure(text) == .duplicateName(name))
    }

    @Test(
        "Names that are equal only after unescaping are duplicates",
        arguments: [
            (#"{"email":"victim@example.com","em\u0061il":"attacker@example.com"}"#, "email"),
            (#"{"\u0065\u006D\u0061\u0069\u006C":1,"email":2}"#, "email"),
            (#"{"a/b":1,"a\/b":2}"#, "a/b"),
            (#"{"😀":1,"\ud83d\ude00":2}"#, "😀"),
            (#"{"tab\t":1,"tab\u0009":2}"#, "tab\t"),
        ])
    func duplicatesAfterUnescaping(_ text: String, _ name: String) {
        #expect(failure(text) == .duplicateName(name))
    }

    @Test("Duplicates inside nested objects and arrays are refused too")
    func nestedDuplicates() {
        #expect(failure(#"{"outer":{"role":"user","role":"admin"}}"#) == .duplicateName("role"))
        #expect(failure(#"{"list":[1,{"k":1,"k":2}]}"#) == .duplicateName("k"))
        #expect(failure(#"[[{"deep":{"x":1,"\u0078":2}}]]"#) == .duplicateName("x"))
    }

    // MARK: Encoding

    @Test(
        "Bytes that are not UTF-8 are refused",
        arguments: [
            [0x22, 0xFF, 0x22],  // never valid in UTF-8
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong three-byte "/"
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // CESU-8 surrogate U+D800
            [0x22, 0xE2, 0x82, 0x22],  // truncated "€"
            [0x22, 0x80, 0x22],  // lone continuation byte
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x7B, 0x22, 0x61, 0xFE, 0x22, 0x3A, 0x31, 0x7D],  // in a member name
            [0x7B, 0x7D, 0x20, 0xFF],  // after the value
        ] as [[UInt8]])
    func invalidUTF8(_ bytes: [UInt8]) {
        #expect(failure(bytes)?.isMalformed == true)
    }

    @Test(
        "Unpaired or misordered UTF-16 surrogate escapes are refused",
        arguments: [
            #""\ud800""#, #""\ud800x""#, #""\uD83D\u0041""#, #""\udc00""#, #""\ude00\ud83d""#, #""\ud83d\n""#, #""\ud83d\ud83d""#,
            #"{"\udfff":1}"#,
        ])
    func unpairedSurrogates(_ text: String) {
        #expect(failure(text)?.isMalformed == true)
    }

    @Test(
        "Unescaped control characters inside strings are refused",
        arguments: [0x00, 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F] as [UInt8])
    func controlCharacters(_ control: UInt8) {
        #expect(failure([0x22, 0x61, control, 0x62, 0x22])?.isMalformed == true)
        #expect(failure([0x7B, 0x22, 0x6B, control, 0x22, 0x3A, 0x31, 0x7D])?.isMalformed == true)
    }

    @Test(
        "Invalid escapes are refused",
        arguments: [#""\x41""#, #""\'""#, #""\U0041""#, #""\u12""#, #""\u12G4""#, #""\u""#, #""\"#, #""\a""#, #""\0""#])
    func invalidEscapes(_ text: String) {
        #expect(failure(text)?.isMalformed == true)
    }

    // MARK: Numbers

    @Test(
        "Numbers with leading zeros are refused",
        arguments: ["01", "00", "-01", "007", "00.5", #"{"exp":01}"#, "[1,02]"])
    func leadingZeros(_ text: String) {
        #expect(failure(text)?.isMalformed == true)
    }

    @Test(
        "Numbers outside the RFC 8259 grammar or range are refused",
        arguments: ["+1", ".5", "1.", "1.e5", "1e", "1e+", "-", "--1", "0x10", "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1_000"])
    func invalidNumbers(_ text: String) {
        #expect(failure(text)?.isMalformed == true)
    }

    // MARK: Structure

    @Test(
        "Data after the value is refused",
        arguments: [#"{} {}"#, "{}x", "{}}", #""a""b""#, "1 2", "[1]]", "true false", "null,"])
    func trailingData(_ text: String) {
        #expect(failure(text)?.isMalformed == true)
    }

    @Test("A NUL byte after the value is trailing data, not the end of the input")
    func trailingNUL() {
        #expect(failure([0x7B, 0x7D, 0x00])?.isMalformed == true)
    }

    @Test(
        "Incomplete or ill-formed structures are refused",
        arguments: [
            "", " ", "{", "[", "\"abc", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, "[1,]", "[,1]", "{,}", "{'a':1}", "{a:1}", #"{"a" 1}"#,
            #"{"a":1 "b":2}"#, "[1 2]", "tru", "nul", "True", "fals", "\u{FEFF}{}", "\u{0C}{}", "{\"a\":1}\u{0C}", "/* c */ {}", "}",
        ])
    func malformedStructure(_ text: String) {
        #expect(failure(text)?.isMalformed == true)
    }

    // MARK: Depth

    @Test("Nesting up to the depth limit parses; one level more is refused")
    func depthBoundary() throws {
        let limit = 16
        let atLimit = String(repeating: "[", count: limit) + "1" + String(repeating: "]", count: limit)
        let beyond = String(repeating: "[", count: limit + 1) + "1" + String(repeating: "]", count: limit + 1)
        #expect(failure(atLimit) == nil)
        #expect(failure(beyond)?.isMalformed == true)
    }

    @Test("A custom depth limit applies to objects as well as arrays")
    func customDepth() {
        #expect(failure(#"{"a":{"b":1}}"#, maxDepth: 2) == nil)
        #expect(failure(#"{"a":{"b":{"c":1}}}"#, maxDepth: 2)?.isMalformed == true)
        #expect(failure("[[1]]", maxDepth: 2) == nil)
        #expect(failure("[[[1]]]", maxDepth: 2)?.isMalformed == true)
        #expect(failure("1", maxDepth: 0) == nil)
        #expect(failure("[1]", maxDepth: 0)?.isMalformed == true)
    }

    @Test("Hostile nesting is refused without exhausting the stack")
    func hostileNesting() {
        #expect(failure(String(repeating: "[", count: 100_000))?.isMalformed == true)
        #expect(failure(String(repeating: #"{"a":"#, count: 50_000))?.isMalformed == true)
    }
}

extension StrictJSONParser.Failure {
    var isMalformed: Bool {
        if case .malformed = self { return true }
        return false
    }
}
