import Foundation
import SAML
import Testing
import XMLSecurity

/// Attacks on the signature itself and the algorithm policy, on otherwise valid minted responses.
@Suite struct SignatureAttackTests {
    @Test(
        "Re-signed with the attacker's key, attacker certificate in KeyInfo", arguments: [TestResponseMinter.SignedParts.assertion, .response, .both])
    func attackerKey(_ parts: TestResponseMinter.SignedParts) throws {
        let login = try TestLogin()
        var attacker = try TestLogin(idp: TestKeys.attacker)
        attacker.options = login.options
        var response = TestLogin.response()
        response.nameID = "admin@example.com"
        let forged = try attacker.mint(response, signing: parts)
        // KeyInfo names the attacker's certificate; only the pinned key counts.
        #expect(forged.contains(try TestKeys.attacker.certificate.base64))
        let error = #expect(throws: SAMLError.self) { try login.validate(forged) }
        #expect(error?.code == .untrustedSigningKey)
        #expect(error?.message.contains("not among the pinned certificates") == true)
    }

    static let tamperings = [
        (">alice@example.com</saml:NameID>", ">admin@example.com</saml:NameID>"),
        (">billing</saml:AttributeValue>", ">administrators</saml:AttributeValue>"),
        ("<saml:Audience>", "<saml:Audience> "),
    ]

    @Test("Signed content changed after signing (NameID, attribute value, whitespace)", arguments: ResponseSigner.allCases, tamperings.indices)
    func contentTampered(_ signer: ResponseSigner, _ index: Int) throws {
        let login = try TestLogin()
        var document = XMLSurgery(try signer.sign(TestLogin.response().xml, parts: .assertion, login: login))
        document.replace(Self.tamperings[index].0, with: Self.tamperings[index].1)
        #expect(login.refusal(document.xml) == .signatureInvalid)
    }

    @Test("DigestValue replaced", arguments: ResponseSigner.allCases)
    func digestTampered(_ signer: ResponseSigner) throws {
        let login = try TestLogin()
        let signed = try signer.sign(TestLogin.response().xml, parts: .assertion, login: login)
        let start = try #require(signed.range(of: "<ds:DigestValue>"))
        let end = try #require(signed.range(of: "</ds:DigestValue>"))
        let forged = signed.replacingCharacters(in: start.upperBound..<end.lowerBound, with: Base64.encode([UInt8](repeating: 7, count: 32)))
        #expect(login.refusal(forged) == .signatureInvalid)
    }

    @Test("SignatureValue corrupted")
    func signatureValueCorrupted() throws {
        let login = try TestLogin()
        let signed = try login.mint(signing: .assertion)
        let start = try #require(signed.range(of: "<ds:SignatureValue>"))
        var value = signed[start.upperBound...].prefix(10)
        value = value.first == "A" ? "B" + value.dropFirst() : "A" + value.dropFirst()
        let forged = signed.replacingCharacters(in: start.upperBound..<signed.index(start.upperBound, offsetBy: 10), with: value)
        #expect(login.refusal(forged) == .untrustedSigningKey)
    }

    @Test("SHA-1 signatures need the per-IdP switch")
    func sha1() throws {
        var login = try TestLogin()
        let minter = try login.minter(signatureAlgorithm: .rsaSHA1, digest: .sha1)
        let signed = String(decoding: try minter.mint(TestLogin.response(), signing: .assertion), as: UTF8.self)
        #expect(login.refusal(signed) == .sha1NotAllowed)
        login.options.allowsSHA1 = true
        #expect(login.refusal(signed) == nil)
    }

    @Test("A SHA-256 signature with a SHA-1 reference digest is still SHA-1")
    func sha1DigestOnly() throws {
        let login = try TestLogin()
        let minter = try login.minter(signatureAlgorithm: .rsaSHA256, digest: .sha1)
        #expect(login.refusal(String(decoding: try minter.mint(TestLogin.response(), signing: .assertion), as: UTF8.self)) == .sha1NotAllowed)
    }

    @Test("A 1024-bit IdP key is refused unless the IdP is marked legacy")
    func weakKey() throws {
        var login = try TestLogin(idp: TestKeys.weakRSA)
        let signed = try login.mint(signing: .assertion)
        #expect(login.refusal(signed) == .weakSigningKey)
        login.options.allowsSHA1 = true
        #expect(login.refusal(signed) == nil)
    }

    @Test("ECDSA P-256 responses verify", arguments: [SignatureAlgorithm.ecdsaSHA256, .ecdsaSHA384, .ecdsaSHA512])
    func ecdsa(_ algorithm: SignatureAlgorithm) throws {
        let login = try TestLogin(idp: TestKeys.idpECDSA)
        let minter = try login.minter(signatureAlgorithm: algorithm)
        let signed = String(decoding: try minter.mint(TestLogin.response(), signing: .both), as: UTF8.self)
        #expect(try login.validate(signed).nameID == "alice@example.com")
    }

    @Test("RSA-SHA384 and RSA-SHA512 verify", arguments: [(SignatureAlgorithm.rsaSHA384, DigestAlgorithm.sha384), (.rsaSHA512, .sha512)])
    func largerDigests(_ algorithm: SignatureAlgorithm, _ digest: DigestAlgorithm) throws {
        let login = try TestLogin()
        let signed = String(
            decoding: try login.minter(signatureAlgorithm: algorithm, digest: digest).mint(TestLogin.response(), signing: .assertion), as: UTF8.self)
        #expect(try login.validate(signed).nameID == "alice@example.com")
    }

    @Test("Key rollover: either pinned certificate verifies, none other does")
    func keyRollover() throws {
        let login = try TestLogin()
        let old = try TestKeys.serviceProvider.certificate
        let signed = try login.mint(signing: .assertion)
        let both = try login.validator(pinning: [old, login.idp.certificate])
        #expect(try both.validate(Array(signed.utf8), expectedRequestID: TestLogin.requestID, now: TestLogin.now).nameID == "alice@example.com")
        let onlyOld = try login.validator(pinning: [old])
        #expect(throws: SAMLError(.untrustedSigningKey, "")) {
            try onlyOld.validate(Array(signed.utf8), expectedRequestID: TestLogin.requestID, now: TestLogin.now)
        }
    }

    @Test("An ECDSA-signed response against an RSA-only pin")
    func algorithmKeyMismatch() throws {
        let login = try TestLogin()
        let ecdsa = try TestLogin(idp: TestKeys.idpECDSA)
        #expect(login.refusal(try ecdsa.mint(signing: .assertion)) == .untrustedSigningKey)
    }

    @Test("HMAC signature methods are refused by name")
    func hmac() throws {
        let login = try TestLogin()
        let signed = try login.mint(signing: .assertion)
            .replacingOccurrences(of: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", with: "http://www.w3.org/2000/09/xmldsig#hmac-sha1")
        #expect(login.refusal(signed) == .signatureAlgorithmUnsupported)
    }

    @Test("An XPath transform is refused")
    func xpathTransform() throws {
        let login = try TestLogin()
        let signed = try login.mint(signing: .assertion).replacingOccurrences(
            of: "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
            with:
                "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><ds:XPath>not(ancestor-or-self::saml:Subject)</ds:XPath></ds:Transform>"
        )
        #expect(login.refusal(signed) == .signatureAlgorithmUnsupported)
    }

    @Test("A replayed response is refused the second time")
    func replay() throws {
        var login = try TestLogin()
        login.replayCache = InMemoryAssertionReplayCache()
        let signed = try login.mint(signing: .assertion)
        #expect(login.refusal(signed) == nil)
        #expect(login.refusal(signed) == .replayed)
        // The same assertion ID from another IdP is another assertion.
        #expect(
            try login.replayCache!.markUsed(
                assertionID: TestLogin.response().assertionID, issuer: "https://other-idp.example", until: TestLogin.now.addingTimeInterval(60),
                now: TestLogin.now))
    }
}

/// The validator is shared by all request handlers of the gateway; libxml2 and OpenSSL state must not leak between them.
@Suite struct ConcurrentValidationTests {
    @Test("Many tasks validating at once all get the right identity")
    func concurrent() async throws {
        let login = try TestLogin()
        let validator = try login.validator()
        let documents = try (0..<16).map { index -> [UInt8] in
            var response = TestLogin.response()
            response.nameID = "user\(index)@example.com"
            response.assertionID = "_concurrent-\(index)"
            return Array(try login.mint(response, signing: index % 2 == 0 ? .assertion : .both).utf8)
        }
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for document in documents {
                group.addTask { try validator.validate(document, expectedRequestID: TestLogin.requestID, now: TestLogin.now).nameID }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(names == Set((0..<16).map { "user\($0)@example.com" }))
    }
}
