import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

/// The app built on `Repositories.inMemory()` instead of a database, driven over HTTP: the fakes stand
/// in for the store in real flows (sign-in, the ticket list and a reply, sign-out, readiness).
@Suite struct InMemoryRepositoriesRouteTests {
    static func rowIDs(_ html: String) -> [String] {
        html.components(separatedBy: "<tr class=\"ticket\" data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("Password sign-in of a contact created through the fakes; a wrong password is refused and audited")
    func passwordSignIn() async throws {
        let gateway = try await InMemoryTestGateway()
        let ada = try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        try await gateway.run { browser in
            _ = try await browser.get("/login")
            let wrong = try await browser.post("/login", form: [("email", "ada@example.com"), ("password", "wrong password!")])
            #expect(wrong.status == .unauthorized && wrong.reasonCode == "login.invalid_credentials")
            #expect(browser.cookie("gatehouse_session") == nil)
            let response = try await browser.signIn("ada@example.com")
            #expect(response.status == .seeOther && response.location == "/tickets")
            let tickets = try await browser.get("/tickets")
            #expect(tickets.status == .ok && tickets.text.contains("ada@example.com"))
        }
        let audit = try await gateway.dependencies.audit.recent(limit: 10)
        #expect(audit.map(\.reasonCode) == [nil, "login.invalid_credentials"])
        #expect(audit.first?.kind == .login && audit.first?.contactID == ada.id)
    }

    @Test("The ticket list shows exactly the contact's tickets, newest first; another contact's ticket is not found")
    func ticketListScoped() async throws {
        let gateway = try await InMemoryTestGateway()
        let ada = try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        let bob = try await gateway.contact("bob@example.com", name: "Bob Builder")
        let printer = try await gateway.ticket("Printer prints blank pages", by: ada)
        let bobs = try await gateway.ticket("Bob's printer is on fire", by: bob)
        let invoice = try await gateway.ticket("Invoice shows wrong VAT", by: ada)
        try await gateway.run { browser in
            #expect(try await browser.signIn("ada@example.com").status == .seeOther)
            let list = try await browser.get("/tickets")
            #expect(list.status == .ok)
            #expect(Self.rowIDs(list.text) == [String(invoice.id), String(printer.id)])
            #expect(list.text.contains("Printer prints blank pages") && !list.text.contains("on fire"))
            let search = try await browser.get("/tickets?q=printer")
            #expect(Self.rowIDs(search.text) == [String(printer.id)])
            #expect(try await browser.get("/tickets/\(printer.id)").status == .ok)
            #expect(try await browser.get("/tickets/\(bobs.id)").status == .notFound)
        }
    }

    @Test("A reply is stored through the fakes, shows last on the ticket page and moves the ticket up")
    func reply() async throws {
        let gateway = try await InMemoryTestGateway()
        let ada = try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        let printer = try await gateway.ticket("Printer prints blank pages", by: ada)
        let invoice = try await gateway.ticket("Invoice shows wrong VAT", by: ada)
        try await gateway.run { browser in
            #expect(try await browser.signIn("ada@example.com").status == .seeOther)
            _ = try await browser.get("/tickets/\(printer.id)")
            gateway.clock.advance(by: 600)
            let sent = try await browser.post("/tickets/\(printer.id)/messages", form: [("body", "It is a LaserJet 4.")])
            #expect(sent.status == .seeOther)
            let location = try #require(sent.location)
            #expect(location.hasPrefix("/tickets/\(printer.id)?sent=1#message-"))
            let page = try await browser.get(location)
            #expect(page.text.contains("Your message was sent."))
            let last = try #require(page.text.components(separatedBy: "<li class=\"message").last)
            #expect(last.contains("It is a LaserJet 4."))
            #expect(Self.rowIDs(try await browser.get("/tickets").text) == [String(printer.id), String(invoice.id)])
        }
        let stored = try #require(try await gateway.dependencies.ticketStore.agentTicket(printer.id))
        #expect(stored.messages.map(\.body) == ["Please help.", "It is a LaserJet 4."])
        #expect(stored.messages.last?.author == .contact(ada.id, name: "Ada Lovelace"))
        #expect(stored.ticket.lastActivityAt == gateway.clock.now)
    }

    @Test("Sign-out deletes the session from the fakes: the old cookie no longer opens /tickets")
    func signOut() async throws {
        let storage = InMemoryStorage()
        let gateway = try await InMemoryTestGateway(repositories: .inMemory(storage))
        let ada = try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            #expect(try await browser.signIn("ada@example.com").status == .seeOther)
            let stolen = try #require(browser.cookie("gatehouse_session"))
            #expect(storage.sessions(of: ada.id) == [OneTimeToken.digest(of: "s:" + stolen)])
            let out = try await browser.post("/logout", form: [])
            #expect(out.status == .seeOther && out.location == "/login?signed_out=1")
            #expect(browser.cookie("gatehouse_session") == nil)
            #expect(storage.sessions(of: ada.id).isEmpty)
            browser.setCookie("gatehouse_session", stolen)
            let after = try await browser.get("/tickets")
            #expect(after.status == .seeOther && after.location?.hasPrefix("/login") == true)
        }
    }

    @Test("/readyz is ready: the fakes answer the store probe")
    func ready() async throws {
        let gateway = try await InMemoryTestGateway()
        try await gateway.run { browser in
            let response = try await browser.get("/readyz")
            #expect(response.status == .ok)
            #expect(response.text.hasPrefix("ready"))
        }
    }
}
