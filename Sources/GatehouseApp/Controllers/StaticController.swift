import Hummingbird

/// `/static/*`: the stylesheet, the brand colours, the SAML POST script, the logo and the favicon.
struct StaticController {
    let assets: StaticAssets

    func addRoutes(to router: Router<AppRequestContext>) {
        for path in assets.files.keys.sorted() {
            router.get(RouterPath(path), use: asset)
        }
    }

    @Sendable func asset(_ request: Request, context: AppRequestContext) throws -> Response {
        guard let asset = assets[request.uri.path] else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: asset.body))
    }
}
