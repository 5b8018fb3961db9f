import Foundation
import SAML
import Testing
import XMLSecurity

/// Encrypted assertions end to end: signed by us, encrypted to the SP's certificate by xmlsec1 (an
/// independent XML Encryption implementation), then decrypted and validated like a plain assertion.
@Suite struct EncryptedAssertionTests {
    static let oaep = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"

    /// A response whose assertion (signed first, when `signAssertion`) is encrypted by xmlsec1.
    static func encryptedResponse(
        content: String, keyTransport: String = oaep, sessionKey: String, signAssertion: Bool = true, signResponse: Bool = false,
        login: TestLogin
    ) throws -> String {
        // IdPs encrypt self-contained assertions, so the assertion declares its own namespaces.
        let xml = TestLogin.response().xml.replacingOccurrences(
            of: "<saml:Assertion ID=",
            with:
                "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ID="
        )
        let signed = signAssertion ? try login.mint(xml: xml, signing: .assertion) : xml
        let scratch = try ScratchDirectory()
        let data = try scratch.write("response.xml", Data(signed.utf8))
        let template = try scratch.write(
            "template.xml",
            Data(
                ("<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\">"
                    + "<xenc:EncryptionMethod Algorithm=\"\(content)\"/><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                    + "<xenc:EncryptedKey><xenc:EncryptionMethod Algorithm=\"\(keyTransport)\"/><xenc:CipherData><xenc:CipherValue/></xenc:CipherData>"
                    + "</xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>").utf8))
        let output = scratch.path("encrypted.xml")
        let result = try ExternalTool("xmlsec1").run([
            "--encrypt", "--pubkey-cert-pem", try TestKeys.serviceProvider.certificatePath, "--session-key", sessionKey,
            "--xml-data", data, "--node-name", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", output, template,
        ])
        guard result.status == 0 else { throw ResponseSigner.SigningFailed(message: result.stderr) }
        var encrypted = XMLSurgery(try String(contentsOfFile: output, encoding: .utf8))
        let element = encrypted.element("<xenc:EncryptedData", closing: "xenc:EncryptedData")
        encrypted.replace(element, with: "<saml:EncryptedAssertion>\(element)</saml:EncryptedAssertion>")
        return signResponse ? try login.mint(xml: encrypted.xml, signing: .response) : encrypted.xml
    }

    static let ciphers = [
        ("http://www.w3.org/2001/04/xmlenc#aes128-cbc", "aes-128"), ("http://www.w3.org/2001/04/xmlenc#aes256-cbc", "aes-256"),
        ("http://www.w3.org/2009/xmlenc11#aes128-gcm", "aes-128"), ("http://www.w3.org/2009/xmlenc11#aes256-gcm", "aes-256"),
    ]

    @Test("Decrypted with the SP key and validated like a plain assertion", arguments: ciphers.indices)
    func accepted(_ index: Int) throws {
        var login = try TestLogin()
        login.decryptionKey = try TestKeys.serviceProvider.key
        let (content, session) = Self.ciphers[index]
        let response = try Self.encryptedResponse(content: content, sessionKey: session, login: login)
        #expect(!response.contains("alice@example.com"))
        let identity = try login.validate(response)
        #expect(identity.nameID == "alice@example.com")
        #expect(identity.values(of: "groups") == ["support", "billing"])
    }

    @Test("An unsigned encrypted assertion is accepted only under a Response signature")
    func responseSignatureCoversEncryptedAssertion() throws {
        var login = try TestLogin()
        login.decryptionKey = try TestKeys.serviceProvider.key
        let unsigned = try Self.encryptedResponse(content: Self.ciphers[3].0, sessionKey: "aes-256", signAssertion: false, login: login)
        #expect(login.refusal(unsigned) == .unsigned)
        let responseSigned = try Self.encryptedResponse(
            content: Self.ciphers[3].0, sessionKey: "aes-256", signAssertion: false, signResponse: true, login: login)
        #expect(login.refusal(responseSigned) == nil)
    }

    @Test("The decrypted assertion's own signature must verify")
    func decryptedSignatureChecked() throws {
        var login = try TestLogin()
        login.decryptionKey = try TestKeys.serviceProvider.key
        // Signed by the attacker before encryption: decryption works, the signature does not.
        var attacker = try TestLogin(idp: TestKeys.attacker)
        attacker.decryptionKey = login.decryptionKey
        let response = try Self.encryptedResponse(content: Self.ciphers[0].0, sessionKey: "aes-128", login: attacker)
        #expect(login.refusal(response) == .untrustedSigningKey)
    }

    @Test("RSA PKCS#1 v1.5 key transport is refused")
    func rsa15Refused() throws {
        var login = try TestLogin()
        login.decryptionKey = try TestKeys.serviceProvider.key
        let response = try Self.encryptedResponse(
            content: Self.ciphers[0].0, keyTransport: "http://www.w3.org/2001/04/xmlenc#rsa-1_5", sessionKey: "aes-128", login: login)
        #expect(login.refusal(response) == .keyTransportRefused)
    }

    @Test("No SP key configured, or the wrong one")
    func keyProblems() throws {
        var login = try TestLogin()
        let response = try Self.encryptedResponse(content: Self.ciphers[2].0, sessionKey: "aes-128", login: login)
        #expect(login.refusal(response) == .decryptionKeyMissing)
        login.decryptionKey = try TestKeys.attacker.key
        #expect(login.refusal(response) == .decryptionFailed)
    }

    @Test("A modified ciphertext fails decryption, with one code for padding and tag failures alike", arguments: [0, 2])
    func tampered(_ index: Int) throws {
        var login = try TestLogin()
        login.decryptionKey = try TestKeys.serviceProvider.key
        let response = try Self.encryptedResponse(content: Self.ciphers[index].0, sessionKey: "aes-128", login: login)
        // The last CipherValue is the content; flip a character in its middle.
        let values = response.ranges(of: "<xenc:CipherValue>")
        let start = try #require(values.last).upperBound
        let position = response.index(start, offsetBy: 40)
        let flipped = response[position] == "A" ? "B" : "A"
        let tampered = response.replacingCharacters(in: position...position, with: flipped)
        #expect(login.refusal(tampered) == .decryptionFailed)
    }

    @Test("An unknown content cipher is refused by name")
    func unknownCipher() throws {
        var login = try TestLogin()
        login.decryptionKey = try TestKeys.serviceProvider.key
        let response = try Self.encryptedResponse(content: Self.ciphers[0].0, sessionKey: "aes-128", login: login)
            .replacingOccurrences(of: "http://www.w3.org/2001/04/xmlenc#aes128-cbc", with: "http://www.w3.org/2001/04/xmlenc#tripledes-cbc")
        #expect(login.refusal(response) == .encryptionAlgorithmUnsupported)
    }

    @Test("Two EncryptedAssertions are two assertions")
    func twoEncryptedAssertions() throws {
        var login = try TestLogin()
        login.decryptionKey = try TestKeys.serviceProvider.key
        var response = XMLSurgery(try Self.encryptedResponse(content: Self.ciphers[0].0, sessionKey: "aes-128", login: login))
        let encrypted = response.element("<saml:EncryptedAssertion>", closing: "saml:EncryptedAssertion")
        response.insert(encrypted, after: encrypted)
        #expect(login.refusal(response.xml) == .multipleAssertions)
    }
}

extension String {
    func ranges(of needle: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start = startIndex
        while let found = range(of: needle, range: start..<endIndex) {
            result.append(found)
            start = found.upperBound
        }
        return result
    }
}
