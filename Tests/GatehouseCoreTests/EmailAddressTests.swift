import Foundation
import GatehouseCore
import Testing

@Suite struct EmailAddressTests {
    @Test(
        "Addresses are trimmed and lowercased",
        arguments: [
            ("ada@example.com", "ada@example.com"), ("Ada.Lovelace@Example.COM", "ada.lovelace@example.com"),
            ("  ada@example.com\r\n", "ada@example.com"), ("\tADA+tag@sub.example.co.uk ", "ada+tag@sub.example.co.uk"),
            ("o'brien@example.ie", "o'brien@example.ie"), ("zoë@exämple.com", "zoë@exämple.com"),
        ])
    func normalized(_ raw: String, _ expected: String) throws {
        let email = try #require(EmailAddress(raw))
        #expect(email.value == expected)
        #expect(email.description == expected)
    }

    @Test("Addresses differing only in case or surrounding space are equal")
    func equality() {
        #expect(EmailAddress("ADA@example.com") == EmailAddress(" ada@EXAMPLE.com "))
        #expect(Set([EmailAddress("a@example.com")!, EmailAddress("A@Example.com")!]).count == 1)
        #expect(EmailAddress("ada@example.com") != EmailAddress("ada@example.org"))
    }

    @Test(
        "What is not plausibly a mailbox is refused",
        arguments: [
            "", "   ", "ada", "ada@", "@example.com", "ada@example", "ada@.example.com", "ada@example.com.", "a@b@example.com",
            "ada lovelace@example.com", "ada@exa mple.com", "\"ada\"@example.com", "<ada@example.com>", "Ada <ada@example.com>",
            "ada(x)@example.com", "ada,bob@example.com", "ada;bob@example.com", "ada:x@example.com", "ada\\@example.com",
            "ada@[127.0.0.1]", "ada@example.com\nBcc: mallory@example.com", "ada@example.com\r\nX: y", "ada\u{0}@example.com",
            "ada\u{7F}@example.com", "ada\u{1B}@example.com", "ada\t@example.com",
        ])
    func refused(_ raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test("The local part is at most 64 bytes")
    func localPartLength() {
        #expect(EmailAddress(String(repeating: "a", count: 64) + "@example.com") != nil)
        #expect(EmailAddress(String(repeating: "a", count: 65) + "@example.com") == nil)
        #expect(EmailAddress(String(repeating: "é", count: 33) + "@example.com") == nil)
    }

    @Test("The whole address is at most 254 bytes")
    func totalLength() {
        let domain254 = String(repeating: "d", count: 254 - 10 - 1 - 4) + ".com"
        #expect(EmailAddress("aaaaaaaaaa@" + domain254) != nil)
        #expect(("aaaaaaaaaa@" + domain254).utf8.count == 254)
        #expect(EmailAddress("aaaaaaaaaaa@" + domain254) == nil)
    }

    @Test("Surrounding whitespace does not count against the length limit")
    func lengthAfterTrimming() {
        let address = String(repeating: "a", count: 64) + "@" + String(repeating: "d", count: 185) + ".com"
        #expect(address.utf8.count == 254)
        #expect(EmailAddress("   " + address + "\n\n") != nil)
    }

    @Test("Encoding writes the normalized value; decoding refuses what the initializer refuses")
    func codable() throws {
        let encoded = try JSONEncoder().encode([EmailAddress("Ada@Example.com")!])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["ada@example.com"]"#)
        #expect(try JSONDecoder().decode([EmailAddress].self, from: Data(#"[" Bob@Example.com"]"#.utf8)) == [EmailAddress("bob@example.com")!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([EmailAddress].self, from: Data(#"["not an address"]"#.utf8)) }
    }

    @Test(
        "C1 control characters are refused like C0 ones (the type promises no control characters)",
        arguments: ["ada\u{85}@example.com", "ada\u{80}@example.com", "ada@exam\u{9B}ple.com"])
    func c1Controls(_ raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test(
        "Unicode spaces and line separators are refused like ASCII ones (the type promises no spaces)",
        arguments: ["ada\u{A0}@example.com", "ada@example.com\u{A0}", "ada\u{2028}@example.com", "ada\u{3000}@example.com"])
    func unicodeSpaces(_ raw: String) {
        #expect(EmailAddress(raw) == nil)
    }
}
