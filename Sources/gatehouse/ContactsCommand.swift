import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStore

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
        let (_, database) = try await config.openDatabase()
        let rows: [[String]]
        do {
            rows = try CSVReader.rows(InputFile.text(file, what: "CSV"))
        } catch let error as CSVReader.Failure {
            throw CommandError("\(file): \(error.message)")
        }
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }), let emailColumn = header.firstIndex(of: "email")
        else {
            throw CommandError("\(file): the first row must be a header with an email column")
        }
        let nameColumn = header.firstIndex(of: "name")
        let listsColumn = header.firstIndex(of: "lists")
        let contacts = SQLiteContactRepository(database)
        let lists = SQLiteContactListRepository(database)
        var created = 0
        var existing = 0
        var problems: [String] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            guard row.count == header.count else {
                problems.append("line \(line): \(row.count) fields, the header has \(header.count)")
                continue
            }
            guard let email = EmailAddress(row[emailColumn]) else {
                problems.append("line \(line): \(row[emailColumn].debugDescription) is not an email address")
                continue
            }
            let name = nameColumn.map { row[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? email.value
            let contact: Contact
            if let found = try await contacts.contact(email: email) {
                contact = found
                existing += 1
            } else {
                contact = try await contacts.createContact(
                    email: email, name: String(name.prefix(100)), verified: false, isPortalAdmin: false, at: Date())
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
        try await SQLiteAuditLog(database).record(
            AuditEvent(
                kind: .admin, detail: "contacts imported from \(file): \(created) new, \(existing) existing, \(problems.count) problems", at: Date()))
        print("Imported \(created) new contacts, \(existing) already known.")
        for problem in problems { print("skipped \(problem)") }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
