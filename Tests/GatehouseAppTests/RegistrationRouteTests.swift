import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct RegistrationRouteTests {
    /// The path of the link in the newest email to `recipient` (after the worker's pass).
    static func link(in gateway: TestGateway, to recipient: String, path: String) async throws -> String {
        try await gateway.deliverAccountEmails()
        let messages = try await gateway.dependencies.outbox.pending().filter { $0.recipient.value == recipient }
        let body = try #require(messages.last?.body)
        let start = try #require(body.range(of: TestGateway.baseURL + path))
        let link = body[start.lowerBound...].prefix { !$0.isWhitespace }
        return String(link.dropFirst(TestGateway.baseURL.count))
    }

    static func register(_ browser: TestBrowser, email: String, consent: Bool = true, name: String = "New Person") async throws -> TestResponse {
        try await browser.get("/register")
        var form = [("email", email), ("name", name)]
        if consent { form.append(("consent", "yes")) }
        return try await browser.post("/register", form: form)
    }

    /// Opens a confirmation link and chooses the password on its page.
    static func confirm(_ browser: TestBrowser, link: String, password: String = TestGateway.password) async throws -> TestResponse {
        let page = try await browser.get(link)
        guard page.status == .ok else { return page }
        let token = String(link.split(separator: "=").last!)
        return try await browser.post("/register/verify", form: [("token", token), ("password", password)])
    }

    @Test("Register → email with a link → choose the password on its page → sign in; the link works once")
    func registerVerifySignIn() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let page = try await browser.get("/register")
            #expect(page.text.contains("We store your data.") && page.text.contains("name=\"consent\""))
            let done = try await Self.register(browser, email: "new@example.com")
            #expect(done.status == .ok)
            #expect(done.text.contains("Check your email"))
            try await browser.get("/login")
            // Until the link is used the account has no password at all.
            #expect(
                try await browser.post("/login", form: [("email", "new@example.com"), ("password", TestGateway.password)]).reasonCode
                    == "login.invalid_credentials")
            let link = try await Self.link(in: gateway, to: "new@example.com", path: "/register/verify?token=")
            let form = try await browser.get(link)
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"password\"") && form.text.contains("autocomplete=\"new-password\""))
            let token = String(link.split(separator: "=").last!)
            let weak = try await browser.post("/register/verify", form: [("token", token), ("password", "short")])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.reasonCode == "register.password_policy")
            #expect(try await browser.post("/register/verify", form: [("token", token), ("password", TestGateway.password)]).status == .ok)
            let again = try await browser.get(link)
            #expect(again.status == .badRequest)
            #expect(again.reasonCode == "token.invalid")
            #expect(try await browser.post("/login", form: [("email", "new@example.com"), ("password", TestGateway.password)]).status == .seeOther)
            let contact = try #require(try await gateway.dependencies.contacts.contact(email: EmailAddress("new@example.com")!))
            let consents = try await SQLiteConsentLookup(gateway).consents(of: contact.id)
            #expect(consents.count == 1 && consents[0].accepted)
            #expect(consents[0].textVersion == gateway.dependencies.configuration.membership.consent?.version)
        }
    }

    @Test("Check your email offers to send the link again: the same answer for any address, the same limits, another email")
    func resend() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("known@example.com")
        try await gateway.run { browser in
            let page = try await Self.register(browser, email: "fresh@example.com")
            #expect(page.text.contains("action=\"/register/resend\"") && page.text.contains("name=\"email\" value=\"fresh@example.com\""))
            #expect(page.text.contains("href=\"/register\" id=\"other-address\""))
            let again = try await browser.post(
                "/register/resend", form: [("email", "fresh@example.com"), ("name", "New Person"), ("consent", "yes")])
            #expect(again.status == .ok && again.text.contains("id=\"notice\"") && again.text.contains("we have sent the link again"))
            let known = try await browser.post(
                "/register/resend", form: [("email", "known@example.com"), ("name", "New Person"), ("consent", "yes")])
            #expect(known.status == again.status)
            #expect(known.text.replacingOccurrences(of: "known@", with: "@") == again.text.replacingOccurrences(of: "fresh@", with: "@"))
            try await gateway.deliverAccountEmails()
            let mails = try await gateway.dependencies.outbox.pending().filter { $0.recipient.value == "fresh@example.com" }
            #expect(mails.count == 2)
            // The per-address limit of account requests applies to resends as to registrations.
            var last = again
            for _ in 0..<6 {
                last = try await browser.post("/register/resend", form: [("email", "fresh@example.com"), ("name", "New Person"), ("consent", "yes")])
            }
            #expect(last.status == .tooManyRequests && last.reasonCode == "request.rate_limited")
        }
    }

    @Test("Registering a known address looks the same and emails the owner instead (no enumeration)")
    func noEnumeration() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("known@example.com")
        try await gateway.run { browser in
            let known = try await Self.register(browser, email: "known@example.com")
            let fresh = try await Self.register(browser, email: "fresh@example.com")
            #expect(known.status == fresh.status)
            // The same page but for the address the visitor typed (the resend form carries it back).
            #expect(known.text.replacingOccurrences(of: "known@", with: "@") == fresh.text.replacingOccurrences(of: "fresh@", with: "@"))
            try await gateway.deliverAccountEmails()
            let mail = try await gateway.dependencies.outbox.pending().first { $0.recipient.value == "known@example.com" }
            #expect(mail?.subject == "Your Test Support account")
            try await browser.get("/login")
            #expect(try await browser.post("/login", form: [("email", "known@example.com"), ("password", TestGateway.password)]).status == .seeOther)
        }
    }

    @Test("Refusals on the form, with reason codes (422)")
    func refusals() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            #expect(try await Self.register(browser, email: "a@example.com", consent: false).reasonCode == "register.consent_required")
            #expect(try await Self.register(browser, email: "not-an-email").reasonCode == "register.email_invalid")
            let blank = try await Self.register(browser, email: "a@example.com", name: " ")
            #expect(blank.status == .unprocessableContent)
            #expect(blank.reasonCode == "register.name_invalid")
            #expect(blank.text.contains("value=\"a@example.com\""))
            #expect(!blank.text.contains("type=\"password\""), "the registration form asks for no password")
            try await gateway.deliverAccountEmails()
            #expect(try await gateway.dependencies.outbox.pending().isEmpty)
        }
    }

    @Test("Self-registration off: register.closed on GET and POST")
    func closed() async throws {
        let gateway = try await TestGateway(selfRegistration: false)
        try await gateway.run { browser in
            let page = try await browser.get("/register")
            #expect(page.status == .forbidden)
            #expect(page.reasonCode == "register.closed")
            try await browser.get("/login")
            #expect(try await browser.post("/register", form: [("email", "a@example.com")]).reasonCode == "register.closed")
        }
    }

    @Test("Password reset by email token; the same page whether or not the address exists")
    func passwordReset() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/password/forgot")
            let known = try await browser.post("/password/forgot", form: [("email", "ada@example.com")])
            let unknown = try await browser.post("/password/forgot", form: [("email", "ghost@example.com")])
            #expect(known.status == .ok && known.text == unknown.text)
            let link = try await Self.link(in: gateway, to: "ada@example.com", path: "/password/reset?token=")
            let form = try await browser.get(link)
            #expect(form.status == .ok)
            let token = String(link.split(separator: "=").last!)
            #expect(
                try await browser.post("/password/reset", form: [("token", token), ("password", "short")]).reasonCode == "register.password_policy")
            #expect(try await browser.post("/password/reset", form: [("token", token), ("password", "a brand new password")]).status == .ok)
            #expect(
                try await browser.post("/password/reset", form: [("token", token), ("password", "another new password")]).reasonCode
                    == "token.invalid")
            let usedReset = try await browser.get(link)
            #expect(usedReset.status == .badRequest && usedReset.reasonCode == "token.invalid")
            try await browser.get("/login")
            #expect(
                try await browser.post("/login", form: [("email", "ada@example.com"), ("password", TestGateway.password)]).status == .unauthorized)
            #expect(try await browser.post("/login", form: [("email", "ada@example.com"), ("password", "a brand new password")]).status == .seeOther)
        }
    }

    @Test("An invitation creates a verified member of the list, once")
    func invitation() async throws {
        let gateway = try await TestGateway(audience: [.password: .lists(["Customers"])])
        let list = try await gateway.dependencies.lists.createList(named: "Customers", at: gateway.clock.now)
        try await gateway.dependencies.registration.invite(email: EmailAddress("guest@example.com")!, to: list)
        try await gateway.run { browser in
            let link = try await Self.link(in: gateway, to: "guest@example.com", path: "/invitation?token=")
            #expect(try await browser.get(link).status == .ok)
            let token = String(link.split(separator: "=").last!)
            #expect(
                try await browser.post("/invitation", form: [("token", token), ("name", "Guest"), ("password", TestGateway.password)]).reasonCode
                    == "register.consent_required")
            let accepted = try await browser.post(
                "/invitation", form: [("token", token), ("name", "Guest"), ("password", TestGateway.password), ("consent", "yes")])
            #expect(accepted.status == .ok)
            #expect(
                try await browser.post(
                    "/invitation", form: [("token", token), ("name", "Guest"), ("password", TestGateway.password), ("consent", "yes")]
                ).reasonCode
                    == "token.invalid")
            let usedInvitation = try await browser.get(link)
            #expect(usedInvitation.status == .badRequest && usedInvitation.reasonCode == "token.invalid")
            try await browser.get("/login")
            #expect(try await browser.post("/login", form: [("email", "guest@example.com"), ("password", TestGateway.password)]).status == .seeOther)
        }
    }
}

/// Reads consent records through the store (the app exposes no consent route).
struct SQLiteConsentLookup {
    let gateway: TestGateway
    init(_ gateway: TestGateway) { self.gateway = gateway }

    func consents(of contact: Contact.ID) async throws -> [ConsentRecord] {
        try await GatehouseStore.SQLiteConsentRepository(gateway.database).consents(of: contact)
    }
}
