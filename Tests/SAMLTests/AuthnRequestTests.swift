import Foundation
import SAML
import Testing
import XMLSecurity

/// SP-initiated login requests over the HTTP-Redirect binding (saml-bindings 3.4).
@Suite struct AuthnRequestTests {
    static let sp = ServiceProvider(entityID: TestLogin.spEntityID, assertionConsumerServiceURL: TestLogin.acsURL)

    static func query(_ url: String) -> [String: String] {
        let query = url.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? URLQuery.decode(parts[1]) : ""
        }
        return result
    }

    @Test("The request deflates, base64-encodes and parses back, with a fresh random ID")
    func roundTrip() throws {
        let request = AuthnRequest(
            serviceProvider: Self.sp, destination: "https://idp.example.org/sso", issueInstant: TestLogin.now,
            nameIDFormat: SAMLIdentifier.emailNameIDFormat)
        let url = try request.redirectURL(relayState: "/tickets/42")
        #expect(url.hasPrefix("https://idp.example.org/sso?SAMLRequest="))
        let parameters = Self.query(url)
        #expect(parameters["RelayState"] == "/tickets/42")
        let encoded = try #require(parameters["SAMLRequest"])
        let deflated = try #require(Base64.decode(encoded))
        let xml = try RawDeflate.decompress(deflated, limit: 64 * 1024)
        let root = try XMLTree.parse(xml).root
        #expect(root.is("AuthnRequest", in: SAMLNamespace.protocol))
        #expect(root.attribute("ID") == request.id)
        #expect(root.attribute("Destination") == "https://idp.example.org/sso")
        #expect(root.attribute("AssertionConsumerServiceURL") == TestLogin.acsURL)
        #expect(root.attribute("IssueInstant") == "2030-01-01T00:00:00Z")
        #expect(root.firstChild("Issuer", in: SAMLNamespace.assertion)?.textContent == TestLogin.spEntityID)
        #expect(root.firstChild("NameIDPolicy", in: SAMLNamespace.protocol)?.attribute("Format") == SAMLIdentifier.emailNameIDFormat)

        // Python's zlib, an independent inflater, agrees.
        let inflated = try ExternalTool("python3").run(
            ["-c", "import sys,zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read(), -15))"], stdin: Data(deflated))
        #expect([UInt8](inflated.stdout) == xml)
    }

    @Test("IDs are unguessable xs:IDs and never repeat")
    func identifiers() {
        let ids = (0..<1000).map { _ in AuthnRequest.makeID() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.hasPrefix("_") && $0.count == 41 && $0.dropFirst().allSatisfy(\.isHexDigit) })
    }

    @Test("A signed request verifies with openssl over the exact query octets")
    func signedRequest() throws {
        let pair = try TestKeys.serviceProvider
        let request = AuthnRequest(serviceProvider: Self.sp, destination: "https://idp.example.org/sso?tenant=7", issueInstant: TestLogin.now)
        let url = try request.redirectURL(relayState: "a b&c=d", signingKey: pair.key)
        let query = String(url.split(separator: "?", maxSplits: 1)[1])
        // The IdP's own query parameter stays in front; the signed part is SAMLRequest…SigAlg.
        #expect(query.hasPrefix("tenant=7&SAMLRequest="))
        let signed = String(query[query.range(of: "SAMLRequest=")!.lowerBound..<query.range(of: "&Signature=")!.lowerBound])
        let parameters = Self.query(url)
        #expect(parameters["SigAlg"] == SignatureAlgorithm.rsaSHA256.uri)
        #expect(parameters["RelayState"] == "a b&c=d")
        let encodedSignature = try #require(parameters["Signature"])
        let signature = try #require(Base64.decode(encodedSignature))

        let scratch = try ScratchDirectory()
        let publicKey = try ExternalTool("openssl").run(["x509", "-in", pair.certificatePath, "-noout", "-pubkey"])
        let keyFile = try scratch.write("pub.pem", publicKey.stdout)
        let signatureFile = try scratch.write("sig.bin", Data(signature))
        let dataFile = try scratch.write("data.txt", Data(signed.utf8))
        let verify = try ExternalTool("openssl").run(["dgst", "-sha256", "-verify", keyFile, "-signature", signatureFile, dataFile])
        #expect(verify.status == 0, "\(verify.stdoutText) \(verify.stderr)")
    }

    @Test("RelayState over 80 bytes is refused (saml-bindings 3.4.3)")
    func longRelayState() {
        let request = AuthnRequest(serviceProvider: Self.sp, destination: "https://idp.example.org/sso", issueInstant: TestLogin.now)
        #expect(throws: SAMLError(.configurationInvalid, "")) { try request.redirectURL(relayState: String(repeating: "r", count: 81)) }
    }

    @Test("Values are XML-escaped in the request")
    func escaping() throws {
        var sp = Self.sp
        sp.entityID = "https://sp.example.com/?a=1&b=<2>"
        let request = AuthnRequest(serviceProvider: sp, destination: "https://idp.example.org/sso", issueInstant: TestLogin.now)
        let root = try XMLTree.parse(Array(request.xml.utf8)).root
        #expect(root.firstChild("Issuer", in: SAMLNamespace.assertion)?.textContent == sp.entityID)
    }

    @Test("HTTP-POST binding: the value is the plain request in base64; signed, xmlsec1 verifies it")
    func postBinding() throws {
        let request = AuthnRequest(serviceProvider: Self.sp, destination: "https://idp.example.org/sso", issueInstant: TestLogin.now)
        let plain = try #require(Base64.decode(try request.postValue()))
        #expect(String(decoding: plain, as: UTF8.self) == request.xml)

        for name in ["sp-signing", "test-idp-ecdsa"] {
            let pair = try TestKeys.pair(name)
            let signed = try #require(Base64.decode(try request.postValue(signingKey: pair.key, certificate: pair.certificate)))
            let root = try XMLTree.parse(signed).root
            #expect(root.attribute("ID") == request.id)
            #expect(root.firstChildElement?.localName == "Issuer")
            #expect(root.firstChild("Signature", in: XMLSignatureNamespace.dsig) != nil)
            let scratch = try ScratchDirectory()
            let file = try scratch.write("request.xml", Data(signed))
            let result = try ExternalTool("xmlsec1").run([
                "--verify", "--pubkey-cert-pem", pair.certificatePath, "--enabled-key-data", "key-name,x509",
                "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest", file,
            ])
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
    }
}
