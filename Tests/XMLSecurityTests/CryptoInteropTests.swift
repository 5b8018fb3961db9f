import Foundation
import Testing
import XMLSecurity

/// Digests, raw signatures and keys checked against the openssl CLI, both directions.
@Suite struct CryptoInteropTests {
    static let messages: [[UInt8]] = [
        [],
        "abc".bytes,
        (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) },
    ]

    static let digests: [(DigestAlgorithm, String)] = [(.sha1, "sha1"), (.sha256, "sha256"), (.sha384, "sha384"), (.sha512, "sha512")]

    @Test(arguments: digests)
    func digestMatchesOpenSSL(_ algorithm: DigestAlgorithm, _ name: String) throws {
        for message in Self.messages {
            let expected = try ExternalTool.openssl.runExpectingSuccess(["dgst", "-\(name)", "-binary"], stdin: message).stdout
            #expect(algorithm.hash(message) == expected)
            #expect(expected.count == algorithm.byteCount)
        }
    }

    @Test func digestKnownAnswer() {
        // FIPS 180-2 "abc" vectors, so the openssl comparison is anchored to the standard too.
        #expect(Base64.encode(DigestAlgorithm.sha1.hash("abc".bytes)) == "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
        #expect(Base64.encode(DigestAlgorithm.sha256.hash("abc".bytes)) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }

    static let rsaAlgorithms: [(SignatureAlgorithm, String)] = [
        (.rsaSHA1, "sha1"), (.rsaSHA256, "sha256"), (.rsaSHA384, "sha384"), (.rsaSHA512, "sha512"),
    ]
    static let ecdsaAlgorithms: [(SignatureAlgorithm, String)] = [
        (.ecdsaSHA1, "sha1"), (.ecdsaSHA256, "sha256"), (.ecdsaSHA384, "sha384"), (.ecdsaSHA512, "sha512"),
    ]

    /// Signs with `openssl dgst -sign`; returns the raw signature (DER for ECDSA).
    static func opensslSign(_ message: [UInt8], digest: String, key: TestCredential) throws -> [UInt8] {
        try TemporaryDirectory.with { directory in
            let data = try directory.write(message, to: "data.bin")
            let signature = directory.file("sig.bin").path
            try ExternalTool.openssl.runExpectingSuccess(["dgst", "-\(digest)", "-sign", key.keyPath, "-out", signature, data])
            return try directory.read("sig.bin")
        }
    }

    /// Verifies with `openssl dgst -verify` against the certificate's public key.
    static func opensslVerifies(_ signature: [UInt8], _ message: [UInt8], digest: String, key: TestCredential) throws -> Bool {
        try TemporaryDirectory.with { directory in
            let publicKey = try ExternalTool.openssl.runExpectingSuccess(["x509", "-in", key.certificatePath, "-noout", "-pubkey"]).stdout
            let pub = try directory.write(publicKey, to: "pub.pem")
            let data = try directory.write(message, to: "data.bin")
            let sig = try directory.write(signature, to: "sig.bin")
            let result = try ExternalTool.openssl.run(["dgst", "-\(digest)", "-verify", pub, "-signature", sig, data])
            #expect((result.status == 0) == result.stdoutText.contains("Verified OK"), "\(result.output)")
            return result.status == 0
        }
    }

    @Test(arguments: rsaAlgorithms)
    func opensslRSASignatureVerifiesWithPublicKey(_ algorithm: SignatureAlgorithm, _ digest: String) throws {
        let message = "<ds:SignedInfo>payload</ds:SignedInfo>".bytes
        let signature = try Self.opensslSign(message, digest: digest, key: .idpRSA)
        let key = try TestCredential.idpRSA.publicKey
        #expect(key.verify(signature: signature, over: message, algorithm: algorithm))

        var flipped = signature
        flipped[flipped.count / 2] ^= 0x01
        #expect(!key.verify(signature: flipped, over: message, algorithm: algorithm))
        #expect(!key.verify(signature: signature, over: message + [0x20], algorithm: algorithm))
        #expect(!(try TestCredential.attackerRSA.publicKey).verify(signature: signature, over: message, algorithm: algorithm))
        #expect(!key.verify(signature: signature, over: message, algorithm: algorithm == .rsaSHA256 ? .rsaSHA512 : .rsaSHA256))
        #expect(!key.verify(signature: signature, over: message, algorithm: .ecdsaSHA256))
    }

    @Test(arguments: rsaAlgorithms)
    func privateKeyRSASignatureVerifiesWithOpenSSL(_ algorithm: SignatureAlgorithm, _ digest: String) throws {
        let message = "signed by XMLSecurity".bytes
        let signature = try TestCredential.idpRSA.privateKey.sign(message, algorithm: algorithm)
        #expect(signature.count == 256)
        #expect(try Self.opensslVerifies(signature, message, digest: digest, key: .idpRSA))
        #expect(try !Self.opensslVerifies(signature, message + [0x00], digest: digest, key: .idpRSA))
        #expect(try !Self.opensslVerifies(signature, message, digest: digest, key: .attackerRSA))
    }

    @Test(arguments: ecdsaAlgorithms)
    func opensslECDSASignatureVerifiesWithPublicKey(_ algorithm: SignatureAlgorithm, _ digest: String) throws {
        let message = "ecdsa message".bytes
        let der = try Self.opensslSign(message, digest: digest, key: .idpECDSA)
        let concatenated = try #require(ECDSASignatureDER.concatenated(fromDER: der, fieldLength: 32))
        #expect(concatenated.count == 64)
        let key = try TestCredential.idpECDSA.publicKey
        #expect(key.verify(signature: concatenated, over: message, algorithm: algorithm))
        // The XML form is r || s; DER is not accepted in its place.
        #expect(!key.verify(signature: der, over: message, algorithm: algorithm))
        var flipped = concatenated
        flipped[40] ^= 0x80
        #expect(!key.verify(signature: flipped, over: message, algorithm: algorithm))
        #expect(!key.verify(signature: Array(concatenated.dropLast()), over: message, algorithm: algorithm))
        #expect(!(try TestCredential.idpRSA.publicKey).verify(signature: concatenated, over: message, algorithm: algorithm))
    }

    @Test(arguments: ecdsaAlgorithms)
    func privateKeyECDSASignatureVerifiesWithOpenSSL(_ algorithm: SignatureAlgorithm, _ digest: String) throws {
        let message = "ecdsa signed by XMLSecurity".bytes
        let signature = try TestCredential.idpECDSA.privateKey.sign(message, algorithm: algorithm)
        #expect(signature.count == 64, "XML Signature ECDSA values are r || s, 32 bytes each on P-256")
        let der = ECDSASignatureDER.der(fromConcatenated: signature)
        #expect(try Self.opensslVerifies(der, message, digest: digest, key: .idpECDSA))
        #expect(try !Self.opensslVerifies(der, "other".bytes, digest: digest, key: .idpECDSA))
    }

    /// P-384 and P-521: r and s are as wide as the group order (48 and 66 bytes), and P-521's DER
    /// needs a long-form length, so the r || s conversion is checked where it is least trivial.
    @Test(arguments: [("P-384", "secp384r1", 48), ("P-521", "secp521r1", 66)])
    func largerCurvesInteroperate(_ curve: String, _ name: String, _ fieldLength: Int) throws {
        try TemporaryDirectory.with { directory in
            let keyPath = directory.file("key.pem").path
            let pubPath = directory.file("pub.pem").path
            try ExternalTool.openssl.runExpectingSuccess(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:\(curve)", "-out", keyPath])
            try ExternalTool.openssl.runExpectingSuccess(["pkey", "-in", keyPath, "-pubout", "-out", pubPath])
            let key = try PrivateKey(pem: String(contentsOfFile: keyPath, encoding: .utf8))
            #expect(key.publicKey.kind == .ec(curve: name))
            #expect(key.publicKey.refusal(under: .strict) == nil)
            let message = "curve \(curve)".bytes
            for _ in 0..<4 {  // r or s with leading zero bytes turn up within a few tries on P-521
                let signature = try key.sign(message, algorithm: .ecdsaSHA384)
                #expect(signature.count == 2 * fieldLength)
                let data = try directory.write(message, to: "data.bin")
                let sig = try directory.write(ECDSASignatureDER.der(fromConcatenated: signature), to: "sig.der")
                let verdict = try ExternalTool.openssl.run(["dgst", "-sha384", "-verify", pubPath, "-signature", sig, data])
                #expect(verdict.status == 0, "\(verdict.output)")
            }
            try ExternalTool.openssl.runExpectingSuccess([
                "dgst", "-sha512", "-sign", keyPath, "-out", directory.file("o.der").path, directory.write(message, to: "m.bin"),
            ])
            let der = try directory.read("o.der")
            let concatenated = try #require(ECDSASignatureDER.concatenated(fromDER: der, fieldLength: fieldLength))
            #expect(key.publicKey.verify(signature: concatenated, over: message, algorithm: .ecdsaSHA512))
            #expect(!key.publicKey.verify(signature: concatenated, over: message, algorithm: .ecdsaSHA384))
        }
    }

    // MARK: Keys

    @Test func keyKindsAndSummaries() throws {
        #expect(try TestCredential.idpRSA.publicKey.kind == .rsa(bits: 2048))
        #expect(try TestCredential.idpRSA1024.publicKey.kind == .rsa(bits: 1024))
        #expect(try TestCredential.idpECDSA.publicKey.kind == .ec(curve: "prime256v1"))
        #expect(try TestCredential.idpRSA.publicKey.summary == "RSA-2048")
        #expect(try TestCredential.idpECDSA.publicKey.summary == "EC prime256v1")
        #expect(try TestCredential.idpRSA.privateKey.publicKey.isSameKey(as: TestCredential.idpRSA.publicKey))
        #expect(try !TestCredential.idpRSA.privateKey.publicKey.isSameKey(as: TestCredential.attackerRSA.publicKey))
        #expect(try TestCredential.idpRSA.publicKey.matches(.rsaSHA256))
        #expect(try !TestCredential.idpRSA.publicKey.matches(.ecdsaSHA256))
        #expect(try TestCredential.idpECDSA.publicKey.matches(.ecdsaSHA384))
        #expect(try !TestCredential.idpECDSA.publicKey.matches(.rsaSHA1))
    }

    @Test func publicKeyFromOpenSSLPEM() throws {
        let pem = try ExternalTool.openssl.runExpectingSuccess(["pkey", "-in", TestCredential.idpECDSA.keyPath, "-pubout"]).stdoutText
        let key = try PublicKey(pem: pem)
        #expect(try key.isSameKey(as: TestCredential.idpECDSA.publicKey))
        expectError(.keyInvalid) { try PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
        expectError(.keyInvalid) { try PublicKey(pem: TestCredential.idpRSA.keyPEM) }
        expectError(.keyInvalid) { try PrivateKey(pem: "not a key") }
        expectError(.keyInvalid) { try PrivateKey(pem: TestCredential.idpRSA.certificatePEM) }
    }

    @Test func signingWithTheWrongKeyTypeIsRefused() throws {
        expectError(.keyInvalid) { try TestCredential.idpECDSA.privateKey.sign("m".bytes, algorithm: .rsaSHA256) }
        expectError(.keyInvalid) { try TestCredential.idpRSA.privateKey.sign("m".bytes, algorithm: .ecdsaSHA256) }
    }

    @Test func weakKeysUnderPolicies() throws {
        let weak = try TestCredential.idpRSA1024.publicKey
        #expect(weak.refusal(under: .strict) != nil)
        #expect(weak.refusal(under: .legacy) == nil)
        #expect(try TestCredential.idpRSA.publicKey.refusal(under: .strict) == nil)
        #expect(try TestCredential.idpECDSA.publicKey.refusal(under: .strict) == nil)
        #expect(weak.refusal(under: AlgorithmPolicy(allowsSHA1: true, minimumRSAKeyBits: 1025)) != nil)
        #expect(AlgorithmPolicy.strict == AlgorithmPolicy(allowsSHA1: false, minimumRSAKeyBits: 2048))
        #expect(AlgorithmPolicy.legacy == AlgorithmPolicy(allowsSHA1: true, minimumRSAKeyBits: 1024))
    }

    @Test func unapprovedCurveIsRefused() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("k1.pem").path
            try ExternalTool.openssl.runExpectingSuccess(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", path])
            let key = try PrivateKey(pem: String(contentsOfFile: path, encoding: .utf8)).publicKey
            #expect(key.kind == .ec(curve: "secp256k1"))
            #expect(key.refusal(under: .legacy) != nil)
        }
    }

    @Test func signatureAlgorithmProperties() {
        #expect(SignatureAlgorithm.allCases.count == 8)
        #expect(SignatureAlgorithm(rawValue: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") == .rsaSHA256)
        #expect(SignatureAlgorithm.ecdsaSHA384.digest == .sha384)
        #expect(SignatureAlgorithm.ecdsaSHA384.keyType == .ecdsa)
        #expect(SignatureAlgorithm.rsaSHA1.digest.isSHA1)
        #expect(SignatureAlgorithm.isHMAC("http://www.w3.org/2000/09/xmldsig#hmac-sha1"))
        #expect(SignatureAlgorithm.isHMAC("http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"))
        #expect(!SignatureAlgorithm.isHMAC(SignatureAlgorithm.rsaSHA256.uri))
        #expect(DigestAlgorithm(rawValue: "http://www.w3.org/2001/04/xmldsig-more#md5") == nil)
    }
}
