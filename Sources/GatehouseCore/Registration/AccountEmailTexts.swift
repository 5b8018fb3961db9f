/// The built-in account emails in one language (the English ones are ``EmailTemplate``'s defaults, and
/// what `membership.*_email` starts from).
public struct AccountEmailTexts: Sendable {
    public var registration: EmailTemplate
    public var alreadyRegistered: EmailTemplate
    public var passwordReset: EmailTemplate
    public var invitation: EmailTemplate

    public static let english = AccountEmailTexts(
        registration: .registration, alreadyRegistered: .alreadyRegistered, passwordReset: .passwordReset, invitation: .invitation)

    public static let finnish = AccountEmailTexts(
        registration: EmailTemplate(
            subject: "Vahvista {{portal}}-tilisi",
            body:
                "Hei {{name}},\n\navaa tämä linkki ja valitse salasana, niin {{portal}}-tilisi otetaan käyttöön:\n\n{{link}}\n\nJos et rekisteröitynyt, voit jättää tämän viestin huomiotta: ilman linkkiä tiliä ei oteta käyttöön.\n"
        ),
        alreadyRegistered: EmailTemplate(
            subject: "{{portal}}-tilisi",
            body:
                "Hei {{name}},\n\njoku yritti rekisteröityä tällä osoitteella, jolla on jo tili.\nKirjaudu sisään tai vaihda salasanasi täällä:\n\n{{link}}\n"
        ),
        passwordReset: EmailTemplate(
            subject: "Vaihda {{portal}}-salasanasi",
            body:
                "Hei {{name}},\n\nvalitse uusi salasana täällä (linkki toimii kerran):\n\n{{link}}\n\nJos et pyytänyt tätä, voit jättää viestin huomiotta.\n"
        ),
        invitation: EmailTemplate(
            subject: "Sinut on kutsuttu palveluun {{portal}}",
            body: "Hei,\n\nsinut on kutsuttu {{portal}}-asiakasportaaliin. Luo tilisi täällä (linkki toimii kerran):\n\n{{link}}\n"))

    public static let german = AccountEmailTexts(
        registration: EmailTemplate(
            subject: "Bestätigen Sie Ihr {{portal}}-Konto",
            body:
                "Hallo {{name}},\n\nöffnen Sie diesen Link und wählen Sie Ihr Passwort, um Ihr {{portal}}-Konto zu aktivieren:\n\n{{link}}\n\nWenn Sie sich nicht registriert haben, ignorieren Sie diese E-Mail: ohne den Link wird kein Konto aktiviert.\n"
        ),
        alreadyRegistered: EmailTemplate(
            subject: "Ihr {{portal}}-Konto",
            body:
                "Hallo {{name}},\n\njemand hat versucht, sich mit dieser Adresse zu registrieren, die bereits ein Konto hat.\nMelden Sie sich an oder setzen Sie Ihr Passwort hier zurück:\n\n{{link}}\n"
        ),
        passwordReset: EmailTemplate(
            subject: "Ihr {{portal}}-Passwort zurücksetzen",
            body:
                "Hallo {{name}},\n\nwählen Sie hier ein neues Passwort (der Link funktioniert einmal):\n\n{{link}}\n\nWenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n"
        ),
        invitation: EmailTemplate(
            subject: "Sie sind zu {{portal}} eingeladen",
            body:
                "Hallo,\n\nSie sind zum {{portal}}-Kundenportal eingeladen. Erstellen Sie Ihr Konto hier (der Link funktioniert einmal):\n\n{{link}}\n"
        ))

    /// By language code.
    public static let builtIn: [String: AccountEmailTexts] = ["en": english, "fi": finnish, "de": german]
}
