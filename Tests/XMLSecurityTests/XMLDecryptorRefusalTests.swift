import Foundation
import Testing
import XMLSecurity

/// What the decryptor refuses, each by its code. Decryption failures all share one code so the
/// result cannot be used as a padding or key-transport oracle.
@Suite struct XMLDecryptorRefusalTests {
    typealias B = XMLEncryptionBuilder

    static func decrypt(_ xml: some Collection<UInt8>, with credential: TestCredential = .spSigning) throws -> [UInt8] {
        try XMLDecryptor(key: credential.privateKey).decrypt(XMLTree.parse(xml).root)
    }

    static let key = [UInt8](repeating: 0x11, count: 16)
    static let iv = [UInt8](repeating: 0x22, count: 16)

    /// An openssl-built aes128-cbc document whose padded plaintext the test chooses.
    static func cbcDocument(padded: [UInt8], content: String = "\(B.xenc)aes128-cbc", type: String = "\(B.xenc)Element") throws -> String {
        let body = try B.opensslCBC(padded, key: key, iv: iv)
        let encryptedKey = B.encryptedKey(try B.opensslWrap(key, for: .spSigning, digest: "sha1", mgf1: "sha1"), method: B.rsaOAEPMGF1P, children: "")
        return B.encryptedData(content: content, cipherData: B.cipherValue(body), keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>", type: type)
    }

    @Test func controlDocumentDecrypts() throws {
        #expect(try Self.decrypt(Self.cbcDocument(padded: B.xmlencPad("<a/>".bytes)).bytes) == "<a/>".bytes)
    }

    // MARK: Algorithms

    @Test func rsa15KeyTransportIsRefused() throws {
        let encrypted = try B.xmlsecEncrypt(B.template(content: "\(B.xenc)aes128-cbc", keyTransport: B.rsa15), sessionKey: "aes-128")
        expectError(.keyTransportRefused) { try Self.decrypt(encrypted) }
        // Refused by algorithm, before any private-key operation: the wrong key gives the same answer.
        expectError(.keyTransportRefused) { try Self.decrypt(encrypted, with: .attackerRSA) }
    }

    @Test func tripleDESContentIsUnsupported() throws {
        let encrypted = try B.xmlsecEncrypt(B.template(content: "\(B.xenc)tripledes-cbc"), sessionKey: "des-192")
        expectError(.encryptionAlgorithmUnsupported) { try Self.decrypt(encrypted) }
    }

    @Test func unknownKeyTransportDigestOrMaskIsUnsupported() throws {
        let wrapped = [UInt8](repeating: 1, count: 256)
        let variants = [
            B.encryptedKey(wrapped, method: "\(B.xenc)kw-aes128", children: ""),
            B.encryptedKey(wrapped, method: "", children: ""),
            B.encryptedKey(wrapped, children: "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#md5\"/>"),
            B.encryptedKey(wrapped, children: "<xenc11:MGF Algorithm=\"\(B.xenc11)mgf1sha224\"/>"),
        ]
        for encryptedKey in variants {
            let xml = B.encryptedData(
                content: "\(B.xenc)aes128-cbc", cipherData: B.cipherValue([UInt8](repeating: 0, count: 32)),
                keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>")
            expectError(.encryptionAlgorithmUnsupported) { try Self.decrypt(xml.bytes) }
        }
    }

    @Test func missingContentAlgorithmIsUnsupported() throws {
        let xml = try Self.cbcDocument(padded: B.xmlencPad("<a/>".bytes), content: "")
        expectError(.encryptionAlgorithmUnsupported) { try Self.decrypt(xml.bytes) }
    }

    // MARK: Keys and ciphertext

    @Test func wrongPrivateKeyFails() throws {
        let encrypted = try B.xmlsecEncrypt(B.template(content: "\(B.xenc11)aes128-gcm"), sessionKey: "aes-128")
        expectError(.decryptionFailed) { try Self.decrypt(encrypted, with: .attackerRSA) }
        expectError(.decryptionFailed) { try Self.decrypt(encrypted, with: .idpRSA1024) }
    }

    /// Flips one bit in the base64 CipherValue of the EncryptedData (not of the EncryptedKey).
    static func corrupt(_ document: [UInt8], byteFromEnd: Int) throws -> String {
        let tree = try XMLTree.parse(document)
        let cipherValue = try #require(
            tree.root.firstChild("CipherData", in: XMLSignatureNamespace.xmlenc)?.firstChild("CipherValue", in: XMLSignatureNamespace.xmlenc))
        var bytes = try #require(cipherValue.base64DecodedContent)
        bytes[bytes.count - byteFromEnd] ^= 0x01
        cipherValue.setText(Base64.encode(bytes))
        return String(decoding: tree.serialized(), as: UTF8.self)
    }

    @Test(arguments: [1, 16, 17, 30])
    func corruptedGCMCiphertextOrTagFails(_ byteFromEnd: Int) throws {
        let encrypted = try B.xmlsecEncrypt(B.template(content: "\(B.xenc11)aes256-gcm"), sessionKey: "aes-256")
        #expect(try Self.decrypt(encrypted) == B.plaintext.bytes)
        expectError(.decryptionFailed) { try Self.decrypt(Self.corrupt(encrypted, byteFromEnd: byteFromEnd).bytes) }
    }

    @Test func corruptedWrappedKeyFails() throws {
        let encrypted = String(decoding: try B.xmlsecEncrypt(B.template(content: "\(B.xenc11)aes128-gcm"), sessionKey: "aes-128"), as: UTF8.self)
        let tree = try XMLTree.parse(encrypted.bytes)
        let wrapped = try #require(tree.root.descendants("CipherValue", in: XMLSignatureNamespace.xmlenc).first)
        var bytes = try #require(wrapped.base64DecodedContent)
        bytes[10] ^= 0x80
        wrapped.setText(Base64.encode(bytes))
        expectError(.decryptionFailed) { try Self.decrypt(tree.serialized()) }
    }

    /// CBC has no integrity; what can be detected deterministically is a truncated block or an
    /// impossible padding length, and both must look exactly like a wrong key.
    @Test func malformedCBCPayloadsFail() throws {
        let good = try B.opensslCBC(B.xmlencPad("<assertion/>".bytes), key: Self.key, iv: Self.iv)
        let encryptedKey = B.encryptedKey(
            try B.opensslWrap(Self.key, for: .spSigning, digest: "sha1", mgf1: "sha1"), method: B.rsaOAEPMGF1P, children: "")
        for payload in [Array(good.dropLast()), Array(good.prefix(16)), Array(good.prefix(5)), []] {
            let xml = B.encryptedData(
                content: "\(B.xenc)aes128-cbc", cipherData: B.cipherValue(payload), keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>")
            expectError(.decryptionFailed) { try Self.decrypt(xml.bytes) }
        }
        // Last plaintext byte 0 or 17: not a padding length.
        for last: UInt8 in [0x00, 0x11, 0xFF] {
            let padded = "<assertion/>".bytes + [UInt8](repeating: 1, count: 3) + [last]
            expectError(.decryptionFailed) { try Self.decrypt(Self.cbcDocument(padded: padded).bytes) }
        }
    }

    /// Wrong key, bad padding and a forged GCM tag must be indistinguishable to whoever sees the error.
    @Test func failuresAreIndistinguishable() throws {
        func failure(_ body: () throws -> [UInt8]) -> XMLSecurityError? {
            do {
                _ = try body()
                return nil
            } catch let error as XMLSecurityError {
                return error
            } catch {
                return nil
            }
        }
        let gcm = try B.xmlsecEncrypt(B.template(content: "\(B.xenc11)aes128-gcm"), sessionKey: "aes-128")
        let errors = [
            failure { try Self.decrypt(gcm, with: .attackerRSA) },
            failure { try Self.decrypt(Self.corrupt(gcm, byteFromEnd: 1).bytes) },
            failure { try Self.decrypt(Self.cbcDocument(padded: "<assertion/>".bytes + [1, 1, 1, 0]).bytes) },
        ]
        #expect(errors.allSatisfy { $0?.code == .decryptionFailed })
        #expect(Set(errors.map { $0?.message ?? "none" }).count == 1)
    }

    /// A correctly unwrapped key of the wrong size for the declared cipher.
    @Test func contentKeyOfTheWrongLengthFails() throws {
        let body = try B.opensslCBC(B.xmlencPad("<a/>".bytes), key: Self.key, iv: Self.iv)
        let encryptedKey = B.encryptedKey(
            try B.opensslWrap(Self.key, for: .spSigning, digest: "sha1", mgf1: "sha1"), method: B.rsaOAEPMGF1P, children: "")
        for content in ["\(B.xenc)aes256-cbc", "\(B.xenc)aes192-cbc", "\(B.xenc11)aes256-gcm"] {
            let xml = B.encryptedData(
                content: content, cipherData: B.cipherValue(body + [UInt8](repeating: 0, count: 16)),
                keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>")
            expectError(.decryptionFailed) { try Self.decrypt(xml.bytes) }
        }
    }

    // MARK: Structure

    @Test func cipherReferenceIsRefused() throws {
        let encryptedKey = B.encryptedKey(
            try B.opensslWrap(Self.key, for: .spSigning, digest: "sha1", mgf1: "sha1"), method: B.rsaOAEPMGF1P, children: "")
        for reference in ["file:///etc/passwd", "http://127.0.0.1:9/x", "#local"] {
            let xml = B.encryptedData(
                content: "\(B.xenc)aes128-cbc", cipherData: "<xenc:CipherReference URI=\"\(reference)\"/>",
                keyInfo: "<ds:KeyInfo>\(encryptedKey)</ds:KeyInfo>")
            expectError(.encryptionMalformed) { try Self.decrypt(xml.bytes) }
        }
    }

    @Test func structuralProblemsAreMalformed() throws {
        let cipher = B.cipherValue([UInt8](repeating: 0, count: 32))
        let key = B.encryptedKey([UInt8](repeating: 1, count: 256), method: B.rsaOAEPMGF1P, children: "")
        let documents = [
            try Self.cbcDocument(padded: B.xmlencPad("x".bytes), type: "\(B.xenc)Content"),
            B.encryptedData(content: "\(B.xenc)aes128-cbc", cipherData: cipher, keyInfo: ""),
            B.encryptedData(content: "\(B.xenc)aes128-cbc", cipherData: cipher, keyInfo: "<ds:KeyInfo><ds:KeyName>sp</ds:KeyName></ds:KeyInfo>"),
            B.encryptedData(
                content: "\(B.xenc)aes128-cbc", cipherData: "<xenc:CipherValue>not*base64</xenc:CipherValue>",
                keyInfo: "<ds:KeyInfo>\(key)</ds:KeyInfo>"),
            B.encryptedData(content: "\(B.xenc)aes128-cbc", cipherData: "", keyInfo: "<ds:KeyInfo>\(key)</ds:KeyInfo>"),
            B.encryptedData(
                content: "\(B.xenc)aes128-cbc", cipherData: cipher,
                keyInfo: "<ds:KeyInfo><xenc:EncryptedKey><xenc:CipherData>\(cipher)</xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>"),
            B.encryptedData(
                content: "\(B.xenc)aes128-cbc", cipherData: cipher,
                keyInfo: "<ds:KeyInfo>\(B.encryptedKey([1], method: B.rsaOAEP, children: "<xenc:OAEPparams>**</xenc:OAEPparams>"))</ds:KeyInfo>"),
            "<xenc:EncryptedKey xmlns:xenc=\"\(B.xenc)\"/>",
        ]
        for xml in documents {
            expectError(.encryptionMalformed) { try Self.decrypt(xml.bytes) }
        }
    }

    // MARK: The SP key itself

    @Test func ecKeyIsRefused() throws {
        expectError(.keyInvalid) { try XMLDecryptor(key: TestCredential.idpECDSA.privateKey) }
    }

    @Test func rsaKeyBelow1024BitsIsRefused() throws {
        for bits in ["512", "768", "1023"] {
            let key = try TemporaryDirectory.with { directory in
                let path = directory.file("weak.pem").path
                try ExternalTool.openssl.runExpectingSuccess(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-out", path])
                return try PrivateKey(pem: String(contentsOfFile: path, encoding: .utf8))
            }
            #expect(key.publicKey.kind == .rsa(bits: Int(bits)!))
            expectError(.keyInvalid) { try XMLDecryptor(key: key) }
        }
        #expect(XMLDecryptor.minimumRSAKeyBits == 1024)
        #expect(try XMLDecryptor(key: TestCredential.idpRSA1024.privateKey).key.publicKey.kind == .rsa(bits: 1024))
    }
}
