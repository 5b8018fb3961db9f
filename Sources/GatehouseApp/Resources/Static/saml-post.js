// Submits the SAML HTTP-POST binding form on page load. A file from our origin, because the
// Content-Security-Policy allows no inline script; without script the user presses Continue.
document.getElementById("saml-post").submit();
