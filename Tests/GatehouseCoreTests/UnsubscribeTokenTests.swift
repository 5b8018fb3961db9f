import Crypto
import Foundation
import GatehouseCore
import Testing

@Suite struct UnsubscribeTokenTests {
    let key = Data((0..<32).map { UInt8($0) })
    let ada = EmailAddress("ada@example.com")!

    @Test("A token verifies to the address it was made for, under its key only")
    func roundTrip() {
        let token = UnsubscribeToken(address: ada, key: key)
        #expect(UnsubscribeToken.verify(token.value, key: key) == ada)
        #expect(UnsubscribeToken.verify(token.value, key: Data(repeating: 1, count: 32)) == nil)
        #expect(token.value.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") })
    }

    @Test("Another address with the same MAC, a cut or lengthened MAC, padding, other characters and oversized input are refused")
    func forgeries() {
        let token = UnsubscribeToken(address: ada, key: key).value
        let parts = token.split(separator: ".").map(String.init)
        let eve = CompactJWT.base64URLEncode(Array("eve@example.com".utf8))
        let upper = CompactJWT.base64URLEncode(Array("ADA@example.com".utf8))
        let mac = parts[1]
        var forgeries: [String] = [eve + "." + mac, upper + "." + mac, parts[0] + "." + String(mac.dropLast(2)), parts[0] + "." + mac + "AA"]
        forgeries += [parts[0] + "=." + mac, parts[0] + "." + mac + "=", parts[0], parts[0] + ".." + mac, "." + mac]
        forgeries += ["+" + token.dropFirst(), String(repeating: "A", count: 700), ""]
        for forged in forgeries {
            #expect(UnsubscribeToken.verify(forged, key: key) == nil, "\(forged)")
        }
    }

    @Test("The MAC is bound to this purpose: an HMAC of the bare address under the same key is no token")
    func purposeBound() {
        let bare = Data(HMAC<SHA256>.authenticationCode(for: Data(ada.value.utf8), using: SymmetricKey(data: key)))
        let token = CompactJWT.base64URLEncode(Array(ada.value.utf8)) + "." + CompactJWT.base64URLEncode(bare)
        #expect(UnsubscribeToken.verify(token, key: key) == nil)
    }
}
