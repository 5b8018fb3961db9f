<?php
/*
 * SimpleSAMLphp 1.19 global configuration for the Gatehouse end-to-end IdP.
 * start-idp.sh copies this file verbatim into a temporary config dir (SIMPLESAMLPHP_CONFIG_DIR) and writes
 * harness.json beside it; reading run-time values from JSON keeps this template static and free of quoting bugs.
 */

require_once __DIR__ . '/error-page.php';

$harness = json_decode(file_get_contents(__DIR__ . '/harness.json'), true, 16, JSON_THROW_ON_ERROR);
$dir = $harness['dir'];

$config = [
    // Absolute, so every URL SimpleSAMLphp emits (metadata endpoints, form actions) carries the run-time port.
    'baseurlpath' => $harness['base_url'] . '/',

    // Everything writable lives in the temp dir; the Debian defaults point at /var and /etc.
    'certdir' => $dir . '/cert/',
    'loggingdir' => $dir . '/log/',
    'datadir' => $dir . '/data/',
    'tempdir' => $dir . '/tmp',
    'metadatadir' => $dir . '/metadata/',
    'attributenamemapdir' => '/usr/share/simplesamlphp/config/attributemap/',

    // Debian keeps these in /var/lib/simplesamlphp/secrets.inc.php; we generate our own per run.
    'secretsalt' => $harness['secret_salt'],
    'auth.adminpassword' => $harness['admin_password'],
    'technicalcontact_name' => 'Gatehouse E2E',
    'technicalcontact_email' => 'e2e@example.com',

    'timezone' => 'UTC',
    'admin.protectindexpage' => false,
    'admin.protectmetadata' => false,
    'admin.checkforupdates' => false,
    // Self-URLs are always trusted; the SP's origin is added so RelayState/return URLs to it are accepted.
    'trusted.url.domains' => $harness['trusted_domains'],

    'enable.saml20-idp' => true,
    'enable.shib13-idp' => false,
    'enable.adfs-idp' => false,
    'enable.http_post' => false,
    'module.enable' => [
        'core' => true,
        'saml' => true,
        'admin' => true,
        'exampleauth' => true,
    ],

    'debug' => ['saml' => false, 'backtraces' => true, 'validatexml' => false],
    'showerrors' => true,
    'errorreporting' => false,
    'errors.show_function' => ['GatehouseE2EErrorPage', 'show'],
    'logging.level' => SimpleSAML\Logger::INFO,
    'logging.handler' => 'file',
    'logging.logfile' => 'simplesamlphp.log',
    'statistics.out' => [],

    // Plain http on 127.0.0.1: Secure cookies would never come back, and SameSite=None requires Secure.
    'session.cookie.secure' => false,
    'session.cookie.samesite' => null,
    'session.cookie.path' => '/',
    'session.cookie.domain' => null,
    'session.phpsession.cookiename' => 'SimpleSAML',
    'session.phpsession.savepath' => $dir . '/sessions',
    'session.phpsession.httponly' => true,
    'session.duration' => 8 * 60 * 60,
    'session.state.timeout' => 60 * 60,
    'language.cookie.secure' => false,
    'language.cookie.samesite' => null,
    'language.default' => 'en',
    'language.available' => ['en'],

    'store.type' => 'phpsession',
    'metadata.sources' => [['type' => 'flatfile']],
    'metadata.sign.enable' => false,

    'theme.use' => 'default',
    'template.cache' => $dir . '/tmp/twig',
    'production' => true,
];
