import Foundation
import GRDB
import GatehouseApp
import GatehouseCore
import GatehouseStore
import Logging
import Mail
import NIOCore

/// `mail`: messages per second from the outbox to an SMTP server, through what `gatehouse serve`'s worker runs —
/// `OutboxDelivery` claiming from the SQLite `OutboxRepository`, the configured SMTP transport composing each
/// message (encoded-word subject, quoted-printable text and its HTML alternative) and sending it, the batch's sent
/// messages marked in one `synchronous = FULL` commit. Timed from the start of delivery until every message is
/// marked sent.
///
/// Each round queues `--count` notifications (default 2,000) into a fresh temporary database, outside the timed
/// part, then delivers them in batches of `--batch` (default: all of them, so over one connection; the worker's is
/// 50, a connection each). Options: `--host`, `--port`, `--security none|starttls|tls`, `--ca-file`, `--username`,
/// `--password-file`, `--rounds`, and `--sample FILE`, which writes the subject and text of the messages as JSON
/// for a baseline client (`scripts/bench/mail_baseline.py`) to send the same.
struct MailBenchmark {
    var host = "localhost"
    var port = 0
    var security = SMTPSettings.Security.startTLS
    var caFile: String?
    var username: String?
    var passwordFile: String?
    var rounds = 5
    var count = 2_000
    var batch: Int?
    var samplePath: String?

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        func value(_ option: String) throws -> String {
            guard let value = iterator.next() else { throw BenchmarkError("\(option) needs a value") }
            return value
        }
        func number(_ option: String) throws -> Int {
            let text = try value(option)
            guard let number = Int(text), number > 0 else { throw BenchmarkError("\(option) must be a positive number, not \(text)") }
            return number
        }
        while let argument = iterator.next() {
            switch argument {
            case "--host": host = try value(argument)
            case "--port": port = try number(argument)
            case "--security":
                let text = try value(argument)
                guard let chosen = SMTPSettings.Security(rawValue: text) else {
                    throw BenchmarkError("--security: none, starttls or tls, not \(text)")
                }
                security = chosen
            case "--ca-file": caFile = try value(argument)
            case "--username": username = try value(argument)
            case "--password-file": passwordFile = try value(argument)
            case "--rounds": rounds = try number(argument)
            case "--count": count = try number(argument)
            case "--batch": batch = try number(argument)
            case "--sample": samplePath = try value(argument)
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
        guard port > 0 else { throw BenchmarkError("--port is required (the SMTP server's)") }
    }

    static let sender = "support@bench.example"

    func run() async throws {
        if let samplePath {
            let sample = ["subject": Self.subject(0), "text": Self.body(0), "from": Self.sender, "from_name": Self.senderName]
            try JSONSerialization.data(withJSONObject: sample, options: [.sortedKeys]).write(to: URL(fileURLWithPath: samplePath))
        }
        var logger = Logger(label: "benchmark")
        logger.logLevel = .critical
        let clock = SystemClock()
        let email = GatehouseConfiguration.Email(
            transport: .smtp(try settings()), from: try MailAddress(Self.sender, displayName: Self.senderName),
            replyTo: try MailAddress("help@bench.example"))
        guard let transport = email.makeTransport(clock: clock, logger: logger) else { throw BenchmarkError("no SMTP transport") }
        let perBatch = batch ?? count
        let connections = (count + perBatch - 1) / perBatch
        print(
            "mail — \(count) notifications per round from the SQLite outbox to \(host):\(port) (\(security.rawValue)"
                + (username == nil ? "" : ", AUTH") + "), \(connections == 1 ? "one connection" : "\(connections) connections of \(perBatch)")"
                + ", \(rounds) rounds; CPUs allowed: \(ProcessResources.allowedCPUs)")
        var figures = Rounds()
        for round in 1...rounds {
            let database = try AppDatabase.temporary()
            let path = database.pool.path
            defer {
                try? database.pool.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            let outbox = SQLiteOutboxRepository(database)
            // Queued one commit each, as requests queue them: the rate says what a durable commit costs here,
            // and delivery makes one per message too (markSent).
            let queueing = ContinuousClock.now
            for index in 0..<count { try await outbox.enqueue(Self.message(index, at: clock.now)) }
            let queued = Self.seconds(ContinuousClock.now - queueing)
            let timed = TimedOutboxRepository(outbox)
            let delivery = OutboxDelivery(outbox: timed, transport: transport, clock: clock)

            let start = ContinuousClock.now
            var sent = 0
            while sent < count {
                let report = try await delivery.deliverDue(limit: perBatch)
                guard report.claimed > 0, report.sent == report.claimed else {
                    throw BenchmarkError(
                        "round \(round): \(report.sent) of \(report.claimed) sent; first failure: \(report.failures.first?.reply ?? "none")")
                }
                sent += report.sent
            }
            let seconds = Self.seconds(ContinuousClock.now - start)
            figures.append(Double(count) / seconds)
            let (claiming, marking) = timed.takeTimes()
            let inDatabase = Self.seconds(claiming) + Self.seconds(marking)

            let backlog = try await outbox.backlog()
            let replies = try await outbox.messages(.sent, limit: count).compactMap(\.lastReply)
            guard backlog.count == 0, replies.count == count else {
                throw BenchmarkError("round \(round): \(backlog.count) left in the outbox, \(replies.count) marked sent with a reply")
            }
            print(
                String(format: "  round %d: %.0f messages/s (%.2f s)", round, Double(count) / seconds, seconds) + Self.sizeNote(replies)
                    + String(
                        format: "; claim %.2f s, marking sent %.2f s, composing and SMTP %.0f messages/s; queued at %.0f commits/s",
                        Self.seconds(claiming), Self.seconds(marking), Double(count) / (seconds - inDatabase), Double(count) / queued))
        }
        print(String(format: "mail: %.0f messages/s (median of %d rounds, spread %.0f%%)", figures.median, rounds, figures.relativeSpread * 100))
    }

    func settings() throws -> SMTPSettings {
        var password: String?
        if let passwordFile {
            password = try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        }
        return SMTPSettings(
            host: host, port: port, security: security, caFile: caFile, username: username, password: password, heloName: "bench.example",
            commandTimeout: .seconds(30))
    }

    static let senderName = "Kundendienst Müller & Söhne"

    static func message(_ index: Int, at now: Date) -> OutboxMessage {
        OutboxMessage(
            recipient: EmailAddress("customer\(index)@bench.example")!, subject: subject(index), body: body(index), kind: .notification,
            language: "de", createdAt: now)
    }

    static func subject(_ index: Int) -> String {
        "Antwort zu Ticket #\(40_000 + index): Drucker im 3. Stock — Überprüfung läuft"
    }

    /// About 1.5 KB of UTF-8, the length of a reply notification quoting a customer's message.
    static func body(_ index: Int) -> String {
        let ticket = 40_000 + index
        return """
            Hallo Frau Jürgens,

            unser Support-Team hat auf Ihr Ticket #\(ticket) „Drucker im 3. Stock druckt nur leere Seiten“ geantwortet:

            > Vielen Dank für die ausführliche Beschreibung. Wir haben die Tonerkartusche und die Fixiereinheit
            > aus der Ferne geprüft; beide melden keine Störung. Bitte drucken Sie eine Testseite über das Menü
            > „Einstellungen → Wartung → Testseite“ und schicken Sie uns ein Foto davon. Falls die Seite wieder
            > leer bleibt, kommt morgen zwischen 9 und 12 Uhr ein Techniker vorbei; er meldet sich am Empfang.
            > Bis dahin können Sie den Drucker im 2. Stock (Raum 2.14) verwenden, der für Ihre Abteilung
            > freigeschaltet ist.

            Ihre Nachricht vom Montag, 14:32:

            > Seit heute Morgen kommen aus dem Drucker im 3. Stock nur leere Seiten, auch bei Kopien. Neu
            > gestartet haben wir ihn zweimal; die Anzeige meldet „Bereit“.

            Den ganzen Verlauf sehen und antworten: https://support.bench.example/tickets/\(ticket)

            Sie erhalten diese E-Mail, weil Sie Benachrichtigungen zu Ihren Tickets eingeschaltet haben. Sie
            können sie unter https://support.bench.example/account/notifications jederzeit abbestellen.

            Freundliche Grüße
            Ihr Kundendienst Müller & Söhne — Servicezeiten Mo–Fr 8–17 Uhr, Tel. +49 30 1234567

            --
            Müller & Söhne GmbH · Straße des 17. Juni 135 · 10623 Berlin · Amtsgericht Charlottenburg HRB 12345
            Geschäftsführung: Käthe Müller, Jörg Söhne · USt-IdNr. DE123456789

            """
    }

    /// The server's replies, when it says how many bytes it took (`smtp_server.py --discard`): the mean size.
    static func sizeNote(_ replies: [String]) -> String {
        let sizes = replies.compactMap { reply -> Int? in
            guard let range = reply.range(of: #"\((\d+) bytes"#, options: .regularExpression) else { return nil }
            return Int(reply[range].dropFirst().prefix { $0.isNumber })
        }
        guard sizes.count == replies.count, !sizes.isEmpty else { return "" }
        return ", \(sizes.reduce(0, +) / sizes.count) bytes per message on the server"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
