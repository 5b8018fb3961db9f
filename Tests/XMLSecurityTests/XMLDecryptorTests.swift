import Foundation
import Testing
import XMLSecurity

/// Decrypting what independent implementations encrypted: xmlsec1 (templates), the openssl CLI
/// (xmlenc 1.1 RSA-OAEP with SHA-2) and a real Shibboleth IdP.
@Suite struct XMLDecryptorTests {
    typealias B = XMLEncryptionBuilder

    static func decryptor(_ credential: TestCredential = .spSigning) throws -> XMLDecryptor {
        try XMLDecryptor(key: credential.privateKey)
    }

    static let xmlsecCases: [(content: String, sessionKey: String)] = [
        ("\(B.xenc)aes128-cbc", "aes-128"),
        ("\(B.xenc)aes192-cbc", "aes-192"),
        ("\(B.xenc)aes256-cbc", "aes-256"),
        ("\(B.xenc11)aes128-gcm", "aes-128"),
        ("\(B.xenc11)aes192-gcm", "aes-192"),
        ("\(B.xenc11)aes256-gcm", "aes-256"),
    ]

    @Test(arguments: xmlsecCases)
    func decryptsXmlsecOutput(_ content: String, _ sessionKey: String) throws {
        let encrypted = try B.xmlsecEncrypt(B.template(content: content), sessionKey: sessionKey)
        let tree = try XMLTree.parse(encrypted)
        #expect(tree.root.is("EncryptedData", in: XMLSignatureNamespace.xmlenc))
        let plaintext = try Self.decryptor().decrypt(tree.root)
        #expect(String(decoding: plaintext, as: UTF8.self) == B.plaintext)
        let assertion = try XMLTree.parse(plaintext).root
        #expect(assertion.is("Assertion", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
    }

    /// rsa-oaep-mgf1p with an explicit SHA-1 DigestMethod and with an OAEP label (OAEPparams).
    @Test(arguments: [
        "<ds:DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/>",
        "<xenc:OAEPparams>bGFiZWwtYnl0ZXM=</xenc:OAEPparams><ds:DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/>",
    ])
    func decryptsXmlsecOAEPVariants(_ children: String) throws {
        let template = B.template(content: "\(B.xenc11)aes256-gcm", keyTransportChildren: children)
        let encrypted = try B.xmlsecEncrypt(template, sessionKey: "aes-256")
        #expect(try Self.decryptor().decrypt(XMLTree.parse(encrypted).root) == B.plaintext.bytes)
    }

    static let oaepCases: [(digest: String, digestURI: String, mgf1: String, mgfURI: String?)] = [
        ("sha256", "http://www.w3.org/2001/04/xmlenc#sha256", "sha256", "http://www.w3.org/2009/xmlenc11#mgf1sha256"),
        ("sha256", "http://www.w3.org/2001/04/xmlenc#sha256", "sha1", nil),
        ("sha512", "http://www.w3.org/2001/04/xmlenc#sha512", "sha384", "http://www.w3.org/2009/xmlenc11#mgf1sha384"),
        ("sha1", "http://www.w3.org/2000/09/xmldsig#sha1", "sha512", "http://www.w3.org/2009/xmlenc11#mgf1sha512"),
    ]

    /// xmlenc 1.1 `rsa-oaep` names its digest and mask function; xmlsec1 1.2.37 cannot produce it,
    /// so the key is wrapped by `openssl pkeyutl` and the content encrypted by `openssl enc`.
    @Test(arguments: oaepCases)
    func decryptsOpenSSLRSAOAEP(_ digest: String, _ digestURI: String, _ mgf1: String, _ mgfURI: String?) throws {
        let key = (0..<32).map { UInt8($0 * 7 + 1) }
        let iv = (0..<16).map { UInt8(0xF0 - $0) }
        let body = try B.opensslCBC(B.xmlencPad(B.plaintext.bytes), key: key, iv: iv)
        let wrapped = try B.opensslWrap(key, for: .spSigning, digest: digest, mgf1: mgf1)
        let mgf = mgfURI.map { "<xenc11:MGF Algorithm=\"\($0)\"/>" } ?? ""
        let encryptedKey = B.encryptedKey(wrapped, children: "<ds:DigestMethod Algorithm=\"\(digestURI)\"/>\(mgf)")
        let xml = B.encryptedData(
            content: "\(B.xenc)aes256-cbc", cipherData: B.cipherValue(body), keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>")
        #expect(try Self.decryptor().decrypt(XMLTree.parse(xml.bytes).root) == B.plaintext.bytes)
    }

    @Test func decryptsOAEPWithLabel() throws {
        let key = [UInt8](repeating: 0x42, count: 16)
        let body = try B.opensslCBC(B.xmlencPad(B.plaintext.bytes), key: key, iv: [UInt8](repeating: 1, count: 16))
        let wrapped = try B.opensslWrap(key, for: .spSigning, digest: "sha256", mgf1: "sha256", labelHex: "6c6162656c")
        let children = "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><xenc11:MGF Algorithm=\"\(B.xenc11)mgf1sha256\"/>"
        func document(label: String) -> String {
            let encryptedKey = B.encryptedKey(wrapped, children: children + "<xenc:OAEPparams>\(label)</xenc:OAEPparams>")
            return B.encryptedData(
                content: "\(B.xenc)aes128-cbc", cipherData: B.cipherValue(body), keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>")
        }
        #expect(try Self.decryptor().decrypt(XMLTree.parse(document(label: Base64.encode("label".bytes)).bytes).root) == B.plaintext.bytes)
        expectError(.decryptionFailed) { try Self.decryptor().decrypt(XMLTree.parse(document(label: Base64.encode("lab3l".bytes)).bytes).root) }
    }

    /// XML Encryption padding is arbitrary bytes plus a length byte, unlike PKCS#7.
    @Test func acceptsNonPKCS7Padding() throws {
        let key = [UInt8](repeating: 9, count: 16)
        let padded = B.xmlencPad(B.plaintext.bytes, filler: 0x00)
        let body = try B.opensslCBC(padded, key: key, iv: [UInt8](repeating: 3, count: 16))
        let wrapped = try B.opensslWrap(key, for: .spSigning, digest: "sha1", mgf1: "sha1")
        let encryptedKey = B.encryptedKey(wrapped, method: B.rsaOAEPMGF1P, children: "")
        let xml = B.encryptedData(
            content: "\(B.xenc)aes128-cbc", cipherData: B.cipherValue(body), keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>")
        #expect(try Self.decryptor().decrypt(XMLTree.parse(xml.bytes).root) == B.plaintext.bytes)
    }

    /// Several recipients: the EncryptedKey for another SP comes first and must not stop us.
    @Test func triesEveryEncryptedKey() throws {
        let key = [UInt8](repeating: 0x5A, count: 16)
        let body = try B.opensslCBC(B.xmlencPad(B.plaintext.bytes), key: key, iv: [UInt8](repeating: 7, count: 16))
        let forOther = B.encryptedKey(try B.opensslWrap(key, for: .attackerRSA, digest: "sha1", mgf1: "sha1"), method: B.rsaOAEPMGF1P, children: "")
        let forUs = B.encryptedKey(try B.opensslWrap(key, for: .spSigning, digest: "sha1", mgf1: "sha1"), method: B.rsaOAEPMGF1P, children: "")
        let xml = B.encryptedData(
            content: "\(B.xenc)aes128-cbc", cipherData: B.cipherValue(body), keyInfo: "<ds:KeyInfo>\(forOther)\(forUs)</ds:KeyInfo>")
        #expect(try Self.decryptor().decrypt(XMLTree.parse(xml.bytes).root) == B.plaintext.bytes)
        expectError(.decryptionFailed) { try Self.decryptor(.idpRSA).decrypt(XMLTree.parse(xml.bytes).root) }
    }

    /// SAML also allows the EncryptedKey as a sibling of EncryptedData inside EncryptedAssertion.
    @Test func usesAdditionalKeysOutsideKeyInfo() throws {
        let key = [UInt8](repeating: 0x33, count: 32)
        let body = try B.opensslCBC(B.xmlencPad(B.plaintext.bytes), key: key, iv: [UInt8](repeating: 0, count: 16))
        let encryptedKey = B.encryptedKey(try B.opensslWrap(key, for: .spSigning, digest: "sha1", mgf1: "sha1"), method: B.rsaOAEPMGF1P, children: "")
        let data = B.encryptedData(content: "\(B.xenc)aes256-cbc", cipherData: B.cipherValue(body), keyInfo: "")
        let xml = "<saml:EncryptedAssertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">\(data)\(encryptedKey)</saml:EncryptedAssertion>"
        let tree = try XMLTree.parse(xml.bytes)
        let encryptedData = try #require(tree.root.firstChild("EncryptedData", in: XMLSignatureNamespace.xmlenc))
        let sibling = try #require(tree.root.firstChild("EncryptedKey", in: XMLSignatureNamespace.xmlenc))
        expectError(.encryptionMalformed) { try Self.decryptor().decrypt(encryptedData) }
        #expect(try Self.decryptor().decrypt(encryptedData, additionalKeys: [sibling]) == B.plaintext.bytes)
    }

    // MARK: A real IdP

    /// TestShib (Shibboleth IdP): rsa-oaep-mgf1p key transport, aes128-cbc content, and a signed
    /// assertion inside, whose signature verifies once decrypted.
    @Test func decryptsTheShibbolethFixture() throws {
        let fixture = SAMLFixture.named("shibboleth-testshib-encrypted")
        let keyFile = try #require(try fixture.spec.spDecryptionKey)
        let key = try PrivateKey(pem: String(contentsOf: fixture.directory.appendingPathComponent(keyFile), encoding: .utf8))
        let tree = try XMLTree.parse(fixture.responseBytes)
        let encryptedAssertion = try #require(tree.root.firstChild("EncryptedAssertion", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
        let encryptedData = try #require(encryptedAssertion.firstChild("EncryptedData", in: XMLSignatureNamespace.xmlenc))

        let plaintext = try XMLDecryptor(key: key).decrypt(encryptedData)
        let assertion = try XMLTree.parse(plaintext).root
        #expect(assertion.is("Assertion", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
        let nameID = try #require(assertion.descendants("NameID", in: "urn:oasis:names:tc:SAML:2.0:assertion").first)
        #expect(nameID.trimmedTextEquals("_41bd295976dadd70e1480f318e772841"))

        let signature = try EnvelopedSignature(try #require(assertion.firstChild("Signature", in: XMLSignatureNamespace.dsig)))
        try signature.verify(with: [fixture.certificate.publicKey], policy: .strict)
        // Our SP key is not TestShib's.
        expectError(.decryptionFailed) { try Self.decryptor().decrypt(encryptedData) }
    }
}
