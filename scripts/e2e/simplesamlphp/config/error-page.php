<?php
/*
 * SimpleSAMLphp 1.19 renders its error page through the deprecated Template::show(), which echoes the HTML but
 * never sends the status code it was given, so every IdP error (unknown SP, bad signature, lost state) arrives as
 * HTTP 200. With `errors.show_function` set, Error::show() calls http_response_code() first and then this, so
 * scripted clients see a real 4xx/5xx. The page itself is SimpleSAMLphp's usual one.
 */

final class GatehouseE2EErrorPage
{
    public static function show(\SimpleSAML\Configuration $config, array $data): void
    {
        $t = new \SimpleSAML\XHTML\Template($config, 'error.php', 'errors');
        $t->data = array_merge($t->data, $data);
        $t->show();
        exit;
    }
}
