using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Endpoints of the real API that the emulator does not implement yet. They answer 404 INVALID_URL_PATTERN
/// with the X-Emulator-Not-Implemented header, so a test sees at once what is missing.
/// </summary>
internal static class FutureEndpoints
{
    public static void Map(ApiRouter router) => router
        .Later("GET,POST", "{module}/actions/{action}")
        .Later("GET,POST", "{module}/{id}/actions/{action}");
}
