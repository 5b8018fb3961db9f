<?php
/*
 * Authentication sources for the Gatehouse end-to-end IdP: a fixed user table (exampleauth:UserPass).
 * Keys are "username:password". Both `mail` and `email` are released because IdPs in the wild use either.
 */

$config = [
    // SimpleSAMLphp's own admin pages (admin.protect* are off, but the source must exist for Utils\Auth).
    'admin' => ['core:AdminPassword'],

    'example-userpass' => [
        'exampleauth:UserPass',
        'alice:alice-password' => [
            'uid' => ['alice'],
            'mail' => ['alice@example.com'],
            'email' => ['alice@example.com'],
            'displayName' => ['Alice Example'],
            'groups' => ['staff', 'support'],
        ],
        'mallory:mallory-password' => [
            'uid' => ['mallory'],
            'mail' => ['mallory@example.com'],
            'email' => ['mallory@example.com'],
            'displayName' => ['Mallory Example'],
            'groups' => ['contractors'],
        ],
    ],
];
