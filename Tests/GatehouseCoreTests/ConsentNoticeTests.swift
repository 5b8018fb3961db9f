import GatehouseCore
import Testing

@Suite struct ConsentNoticeTests {
    static let notice = ConsentNotice(
        required: true, notice: "Notice", checkbox: "I agree", links: [.init(title: "Privacy", url: "https://example.com/privacy")])

    @Test("The version is sha256: and the first 16 bytes of the digest of the shown texts (known answer)")
    func knownAnswer() {
        // python3: "sha256:" + sha256(b"Notice\x1fI agree\x1fPrivacy\x1fhttps://example.com/privacy").hexdigest()[:32]
        #expect(Self.notice.version == "sha256:431127edcb36f383d3b454e10d0aa4f3")
    }

    @Test("The version is stable: equal texts give equal versions, and `required` is not shown text")
    func stable() {
        let copy = ConsentNotice(
            required: false, notice: "Notice", checkbox: "I agree", links: [.init(title: "Privacy", url: "https://example.com/privacy")])
        #expect(copy.version == Self.notice.version)
        #expect(Self.notice.version == Self.notice.version)
    }

    @Test("Changing any shown text changes the version")
    func changes() {
        var variants: [ConsentNotice] = []
        var notice = Self.notice
        notice.notice = "Notice."
        variants.append(notice)
        notice = Self.notice
        notice.checkbox = "I agree to everything"
        variants.append(notice)
        notice = Self.notice
        notice.links[0].title = "Privacy policy"
        variants.append(notice)
        notice = Self.notice
        notice.links[0].url = "https://example.com/privacy-v2"
        variants.append(notice)
        notice = Self.notice
        notice.links.append(.init(title: "Terms", url: "https://example.com/terms"))
        variants.append(notice)
        notice = Self.notice
        notice.links = []
        variants.append(notice)
        notice = Self.notice
        notice.notice = "notice"
        variants.append(notice)
        notice = Self.notice
        notice.checkbox = "I agree "
        variants.append(notice)

        let versions = Set(variants.map(\.version) + [Self.notice.version])
        #expect(versions.count == variants.count + 1)
    }

    @Test("Reordering links changes the version")
    func linkOrder() {
        let a = ConsentNotice.Link(title: "Privacy", url: "https://example.com/privacy")
        let b = ConsentNotice.Link(title: "Terms", url: "https://example.com/terms")
        #expect(
            ConsentNotice(required: true, notice: "N", checkbox: "C", links: [a, b]).version
                != ConsentNotice(required: true, notice: "N", checkbox: "C", links: [b, a]).version)
    }

    @Test("Moving text from one field to the next changes the version (fields are delimited)")
    func fieldBoundaries() {
        let one = ConsentNotice(required: true, notice: "We store your data", checkbox: "I agree", links: [])
        let two = ConsentNotice(required: true, notice: "We store your", checkbox: "dataI agree", links: [])
        let three = ConsentNotice(required: true, notice: "We store your data", checkbox: "", links: [.init(title: "I agree", url: "")])
        #expect(Set([one.version, two.version, three.version]).count == 3)
    }

    @Test("The version is lowercase hex of fixed length")
    func format() {
        let version = ConsentNotice(required: false, notice: "", checkbox: "", links: []).version
        #expect(version.hasPrefix("sha256:"))
        let hex = version.dropFirst("sha256:".count)
        #expect(hex.count == 32)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
    }
}
