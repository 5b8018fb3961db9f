extension TicketCorpus {
    /// What a ticket is about: its subjects and the sentences its messages draw from. Only the printer
    /// topic says "printer" (weight 50‰, so ~5% of tickets match `"printer"*`); everything else is shared
    /// help-desk prose, plus order numbers that give the index many one-off terms, as real tickets do.
    struct Topic {
        let category: String
        let weight: UInt64
        let subjects: [String]
        let problems: [String]
        let advice: [String]

        static let all: [Topic] = [
            Topic(
                category: "hardware", weight: 50,
                subjects: [
                    "Printer not printing", "Printer offline after the update", "Printer jams on every second page",
                    "Cannot add the office printer", "Printer prints blank pages",
                ],
                problems: [
                    "The printer on the second floor shows an error and nothing comes out.",
                    "Since Monday the printer queue is stuck and jobs never finish.",
                    "Our printer keeps asking for a driver that we cannot find.",
                ],
                advice: ["Please restart the printer and remove the job from the queue.", "We pushed a new printer driver to your device."]),
            Topic(
                category: "account", weight: 120,
                subjects: [
                    "Cannot sign in", "Password reset email never arrives", "Account locked after too many attempts", "Two-factor code rejected",
                ],
                problems: [
                    "I cannot sign in since this morning, the page says my password is wrong.",
                    "The reset link expired before I could use it.",
                    "My colleague was locked out of the account after the holidays.",
                ],
                advice: ["I have unlocked the account, please try again.", "Please use the new reset link we just sent."]),
            Topic(
                category: "billing", weight: 120,
                subjects: ["Invoice total is wrong", "Charged twice this month", "Refund for a cancelled order", "VAT number missing on invoice"],
                problems: [
                    "The last invoice shows a higher total than our contract says.",
                    "Our card was charged twice for the same subscription.",
                    "We cancelled the order within the trial and still paid for it.",
                ],
                advice: ["Finance has issued a corrected invoice.", "The duplicate charge was refunded and should appear within five days."]),
            Topic(
                category: "shipping", weight: 110,
                subjects: ["Order has not arrived", "Tracking number does not work", "Package damaged on delivery", "Wrong item delivered"],
                problems: [
                    "The delivery was promised for last week and nothing has arrived.",
                    "The tracking page says the number is unknown.",
                    "The box was crushed and the device inside is scratched.",
                ],
                advice: ["The carrier confirmed the parcel is on its way.", "A replacement ships today, you can keep the damaged one."]),
            Topic(
                category: "software", weight: 100,
                subjects: ["Email not syncing on phone", "Attachments missing from messages", "Calendar invites arrive late"],
                problems: [
                    "Mail on my phone stopped syncing after the last update.",
                    "Attachments over ten megabytes disappear from incoming messages.",
                    "Meeting invitations show up hours after they were sent.",
                ],
                advice: ["Please remove the account from the phone and add it again.", "We raised the attachment limit for your team."]),
            Topic(
                category: "software", weight: 100,
                subjects: ["VPN disconnects every hour", "Wifi is slow in the meeting room", "Cannot reach the intranet from home"],
                problems: [
                    "The VPN drops the connection roughly every hour.",
                    "Video calls freeze in the large meeting room.",
                    "From home the intranet page never loads.",
                ],
                advice: ["We updated the VPN profile, please reconnect.", "The access point in that room was replaced."]),
            Topic(
                category: "hardware", weight: 100,
                subjects: ["Laptop battery drains fast", "Screen flickers after waking up", "Keyboard keys stop responding"],
                problems: [
                    "The battery goes from full to empty in two hours.",
                    "The screen flickers every time the laptop wakes up.",
                    "Some keys stop working after the laptop warms up.",
                ],
                advice: ["Please book a slot at the service desk for a battery check.", "A firmware update fixes the flicker, it is installing now."]),
            Topic(
                category: "software", weight: 100,
                subjects: ["App crashes on start", "Update fails with an error", "Report export is empty"],
                problems: [
                    "The app closes right after the splash screen.",
                    "The update stops at ninety percent with an error.",
                    "Exported reports contain the headers but no rows.",
                ],
                advice: ["Version 4.2 fixes the crash, please update.", "Please clear the cache and run the update again."]),
            Topic(
                category: "account", weight: 100,
                subjects: ["Change the billing address", "Add a colleague to our account", "Remove a former employee"],
                problems: [
                    "We moved offices and need the new address on all documents.",
                    "A new colleague needs access to our tickets.",
                    "A former employee still has access to our account.",
                ],
                advice: ["The address is updated from the next invoice on.", "Your colleague has been added and will get an invitation."]),
            Topic(
                category: "general", weight: 100,
                subjects: ["Question about the contract", "Feedback on the new portal", "Request for a callback", "Training for new staff"],
                problems: [
                    "We would like to understand the notice period of our contract.",
                    "The new portal is nice but the search is hard to find.",
                    "Could someone call us back about the renewal.",
                ],
                advice: ["Your account manager will call you tomorrow morning.", "Thank you, we passed your feedback on to the team."]),
        ]

        static let totalWeight = all.reduce(0) { $0 + $1.weight }

        static func pick(_ random: inout SplitMix64) -> Topic {
            var roll = random.next(below: totalWeight)
            for topic in all {
                if roll < topic.weight { return topic }
                roll -= topic.weight
            }
            return all[all.count - 1]
        }

        func subject(_ random: inout SplitMix64) -> String { subjects.pick(&random) }

        func firstMessage(from name: String, random: inout SplitMix64) -> String {
            var text = "Hello,\n\n" + problems.pick(&random) + " " + Self.context.pick(&random)
            if random.next(below: 10) < 3 { text += " Our order number is \(1_000_000 + random.next(below: 9_000_000))." }
            // ~0.01% of tickets: the rare search word.
            if random.next(below: 10_000) == 0 { text += " The \(TicketCorpus.rareWord) in the server room also shows a warning." }
            return text + "\n\n" + Self.closings.pick(&random) + "\n" + name
        }

        func agentReply(to customer: String, from agent: String, random: inout SplitMix64) -> String {
            "Hi \(customer.split(separator: " ")[0]),\n\n" + Self.acknowledgements.pick(&random) + " " + advice.pick(&random) + "\n\nBest regards,\n"
                + agent
        }

        func customerReply(from name: String, random: inout SplitMix64) -> String {
            Self.followUps.pick(&random) + " " + (random.next(below: 2) == 0 ? problems.pick(&random) : Self.context.pick(&random)) + "\n" + name
        }

        static func note(_ random: inout SplitMix64) -> String {
            notes.pick(&random)
        }

        static let context = [
            "It happens to several people in our team.", "We already restarted everything twice.", "This is urgent because of a deadline on Friday.",
            "It worked fine until last week.", "I attached a screenshot of the message.", "Nothing changed on our side as far as I know.",
        ]
        static let closings = ["Thanks in advance,", "Kind regards,", "Best,", "Many thanks,"]
        static let acknowledgements = [
            "Thank you for reaching out.", "Sorry for the trouble.", "Thanks for the details, that helps.", "I looked into this today.",
        ]
        static let followUps = [
            "Thanks, that worked.", "It still happens after the restart.", "Any news on this?", "We tried that but the problem is back.",
            "Thank you for the quick answer.",
        ]
        static let notes = [
            "Customer is on the premium plan.", "Escalated to second level support.", "Known issue, linked to the incident from Tuesday.",
            "Called the customer, no answer.", "Waiting for the vendor to confirm.",
        ]
    }
}

extension Array {
    fileprivate func pick(_ random: inout TicketCorpus.SplitMix64) -> Element {
        self[Int(random.next(below: UInt64(count)))]
    }
}
