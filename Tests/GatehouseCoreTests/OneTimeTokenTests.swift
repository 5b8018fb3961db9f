import Foundation
import GatehouseCore
import Testing

@Suite struct OneTimeTokenTests {
    @Test("A token is 256 bits as 43 unpadded base64url characters")
    func shape() throws {
        let token = OneTimeToken()
        #expect(token.value.utf8.count == 43)
        #expect(
            token.value.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            })
        let standard = token.value.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "="
        #expect(try #require(Data(base64Encoded: standard)).count == 32)
    }

    @Test("Tokens do not repeat and use the whole alphabet")
    func randomness() {
        let values = (0..<2000).map { _ in OneTimeToken().value }
        #expect(Set(values).count == values.count)
        let characters = Set(values.joined())
        #expect(characters.count == 64)
    }

    @Test("The digest is the lowercase hex SHA-256 of the value (FIPS 180-2 'abc' known answer)")
    func digest() {
        #expect(OneTimeToken.digest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(OneTimeToken.digest(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let token = OneTimeToken()
        #expect(token.digest == OneTimeToken.digest(of: token.value))
        #expect(token.digest != token.value)
    }

    @Test("Any presented string hashes, including ones no token could be")
    func digestOfJunk() {
        for presented in ["😀", "a\u{0}b", String(repeating: "x", count: 100_000), "' OR 1=1 --"] {
            let digest = OneTimeToken.digest(of: presented)
            #expect(digest.count == 64)
            #expect(digest.allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test("constantTimeEquals compares exactly")
    func constantTimeEquals() {
        #expect(OneTimeToken.constantTimeEquals("abc", "abc"))
        #expect(OneTimeToken.constantTimeEquals("", ""))
        #expect(!OneTimeToken.constantTimeEquals("abc", "abd"))
        #expect(!OneTimeToken.constantTimeEquals("abc", "Abc"))
        #expect(!OneTimeToken.constantTimeEquals("abc", "abcd"))
        #expect(!OneTimeToken.constantTimeEquals("abcd", "abc"))
        #expect(!OneTimeToken.constantTimeEquals("", "a"))
        #expect(!OneTimeToken.constantTimeEquals("é", "e\u{301}"))
    }
}
