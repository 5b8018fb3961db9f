extension Translations {
    /// Refusal summaries in German (English ones come from the reason catalogs).
    static let germanReasons: [String: String] = [
        "access.not_in_audience": "Sie haben keinen Zugang zu diesem Portal.",
        "access.portal_disabled": "Das Portal ist abgeschaltet.",
        "access.agent_only": "Diese Seite ist für Support-Agenten.",
        "login.invalid_credentials":
            "E-Mail-Adresse oder Passwort ist falsch. Ein neues Konto funktioniert, sobald der Link in der Bestätigungs-E-Mail geöffnet wurde.",
        "login.email_unverified": "Die E-Mail-Adresse ist noch nicht bestätigt; verwenden Sie den gesendeten Link.",
        "login.throttled": "Zu viele Anmeldeversuche für dieses Konto oder aus diesem Netz; warten Sie kurz und versuchen Sie es erneut.",
        "register.closed": "Die Selbstregistrierung ist nicht geöffnet.",
        "register.consent_required": "Die Bedingungen müssen für die Registrierung akzeptiert werden.",
        "register.password_policy": "Das Passwort erfüllt die Regeln nicht.",
        "register.email_invalid": "Das ist keine gültige E-Mail-Adresse.",
        "register.name_invalid": "Der Name fehlt oder ist zu lang.",
        "token.invalid": "Der Link ist ungültig, verwendet oder abgelaufen.",
        "token.unsubscribe_invalid":
            "Dieser Abbestell-Link ist unvollständig oder wurde verändert; öffnen Sie den Link aus der E-Mail erneut vollständig.",
        "csrf.token_mismatch": "Das Formular ist abgelaufen; laden Sie die Seite neu und versuchen Sie es erneut.",
        "csrf.origin_mismatch": "Das Formular wurde von einer anderen Website gesendet.",
        "request.too_large": "Die Anfrage ist zu groß.",
        "request.invalid": "Die Anfrage ist fehlerhaft.",
        "request.rate_limited": "Zu viele Anfragen für diese Adresse oder aus diesem Netz; warten Sie kurz und versuchen Sie es erneut.",
        "password.current_invalid": "Das aktuelle Passwort ist falsch.",
        "request.not_found": "Unter dieser Adresse gibt es keine Seite.",
        "service.unavailable": "Der Dienst ist vorübergehend nicht verfügbar.",
        "ticket.not_found": "Dieses Ticket gibt es nicht.",
        "ticket.subject_missing": "Geben Sie einen Betreff ein.",
        "ticket.subject_too_long": "Der Betreff ist zu lang (höchstens 200 Zeichen).",
        "ticket.message_empty": "Schreiben Sie eine Nachricht; sie darf nicht leer sein.",
        "ticket.message_too_long": "Die Nachricht ist zu lang (höchstens 10.000 Zeichen).",
        "ticket.category_invalid": "Wählen Sie eine der angebotenen Kategorien.",
        "ticket.priority_invalid": "Wählen Sie eine der angebotenen Prioritäten.",
        "ticket.stage_invalid": "Die Pipeline des Tickets hat keine solche Phase.",
    ]
}
