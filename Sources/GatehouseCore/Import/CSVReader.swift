/// RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, a leading UTF-8 BOM as Excel writes it).
/// Hand-written: none of the packages Gatehouse may use reads CSV, and contact imports need only this much.
public enum CSVReader {
    public struct Failure: Error, Sendable {
        public let message: String
    }

    /// One record and the file line it starts on (records may span lines inside quotes).
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    public static func rows(_ text: String) throws(Failure) -> [[String]] {
        try records(text).map(\.fields)
    }

    /// The non-blank records of `text`.
    public static func records(_ text: String) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoteOpenedOn: Int?
        var afterClosingQuote = false
        var line = 1
        var recordLine = 1
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            afterClosingQuote = false
        }
        while let scalar = next() {
            if quoteOpenedOn != nil {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoteOpenedOn = nil
                        afterClosingQuote = true
                        pending = following
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                afterClosingQuote = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case _ where afterClosingQuote:
                throw Failure(message: "line \(line): text after a closing quote")
            case "\"" where field.isEmpty:
                quoteOpenedOn = line
            case "\"":
                throw Failure(message: "line \(line): a quote inside an unquoted field")
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if let quoteOpenedOn { throw Failure(message: "line \(quoteOpenedOn): a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || afterClosingQuote { endRecord() }
        return records
    }
}
