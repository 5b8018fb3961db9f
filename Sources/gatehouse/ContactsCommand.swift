import ArgumentParser
import Foundation
import GatehouseCore

struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Import contacts.", subcommands: [ContactsImportCommand.self])
}

/// `gatehouse contacts import FILE.csv`: a header row with `email` and optionally `name` and `lists`
/// (list names separated by `;`). Existing contacts keep their data and gain the lists; imported
/// contacts are unverified until they sign in by SSO, accept an invitation or register.
struct ContactsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import contacts from a CSV file (email,name,lists).")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "CSV file with a header row: email[,name][,lists]; '-' reads standard input.")
    var file: String

    func run() async throws {
        let (_, store) = try await config.openStore()
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(InputFile.text(file, what: "CSV"))
        } catch let error as CSVReader.Failure {
            throw CommandError("\(file): \(error.message)")
        }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            let emailColumn = header.firstIndex(of: "email")
        else {
            throw CommandError("\(file): the first row must be a header with an email column")
        }
        let nameColumn = header.firstIndex(of: "name")
        let listsColumn = header.firstIndex(of: "lists")
        let contacts = store.contacts
        let lists = store.lists
        var created = 0
        var existing = 0
        var problems: [String] = []
        for record in records.dropFirst() {
            let line = record.line
            let row = record.fields
            guard row.count == header.count else {
                problems.append("line \(line): \(row.count) fields, the header has \(header.count)")
                continue
            }
            guard let email = EmailAddress(row[emailColumn]) else {
                problems.append("line \(line): \(row[emailColumn].debugDescription) is not an email address")
                continue
            }
            let rawName = nameColumn.map { row[$0] } ?? ""
            let name = ContactName.normalized(rawName) ?? email.value
            if !rawName.trimmingCharacters(in: .whitespaces).isEmpty, ContactName.normalized(rawName) == nil {
                problems.append(
                    "line \(line): name \(rawName.prefix(40).debugDescription) has line breaks or control characters or is too long; the email is used instead"
                )
            }
            let contact: Contact
            if let found = try await contacts.contact(email: email) {
                contact = found
                existing += 1
            } else {
                contact = try await contacts.createContact(
                    email: email, name: name, verified: false, isPortalAdmin: false, at: Date())
                created += 1
            }
            for listName in listsColumn.map({ row[$0].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } }) ?? []
            where !listName.isEmpty {
                guard let list = try await lists.list(named: listName) else {
                    problems.append("line \(line): no list named \(listName) (create it first)")
                    continue
                }
                try await lists.addMember(contact.id, to: list.id, at: Date())
            }
        }
        try await store.audit.record(
            AuditEvent(
                kind: .admin, detail: "contacts imported from \(file): \(created) new, \(existing) existing, \(problems.count) problems", at: Date()))
        print("Imported \(created) new \(created == 1 ? "contact" : "contacts"), \(existing) already known.")
        for problem in problems { print("skipped \(problem)") }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
