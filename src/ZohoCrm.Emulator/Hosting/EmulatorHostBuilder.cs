using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZohoCrm.Emulator.Admin;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Diagnostics;
using ZohoCrm.Emulator.Endpoints;
using ZohoCrm.Emulator.Faults;

namespace ZohoCrm.Emulator.Hosting;

/// <summary>Builds the Kestrel host: loopback only, no ASP.NET routing, one small pipeline.</summary>
internal static class EmulatorHostBuilder
{
    public static WebApplication Build(EmulatorState state, bool logToStandardError)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHostBuilder).Assembly.GetName().Name,
            Args = [],
        });
        builder.Logging.ClearProviders();
        if (logToStandardError)
        {
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, state.Options.Port);
            // The second data centre's accounts server (sign-in flows move there on location / other_dc).
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ZohoCrm.Emulator");
        var router = new ApiRouter();
        UsersEndpoints.Map(router);
        OrgEndpoints.Map(router);
        MetadataEndpoints.Map(router);
        SettingsEndpoints.Map(router);
        RecycleBinEndpoints.Map(router);
        RecordsEndpoints.Map(router);
        RecordWriteEndpoints.Map(router);
        DeletedRecordsEndpoints.Map(router);
        SearchEndpoints.Map(router);
        CoqlEndpoints.Map(router);
        ConvertEndpoints.Map(router);
        WatchEndpoints.Map(router);
        FutureEndpoints.Map(router);
        RelatedRecordsEndpoints.Map(router);
        TagsEndpoints.Map(router);
        AttachmentEndpoints.Map(router);
        BulkWriteEndpoints.MapUpload(router);
        var bulkRouter = new ApiRouter();
        BulkReadEndpoints.Map(bulkRouter);
        BulkWriteEndpoints.Map(bulkRouter);
        var api = new ApiPipeline(state, router, bulkRouter, logger);

        app.Run(http => HandleAsync(http, state, api));
        return app;
    }

    private static async Task HandleAsync(HttpContext http, EmulatorState state, ApiPipeline api)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        if (state.OtherAccountsUrl is { } other && http.Connection.LocalPort == other.Port)
        {
            // Only an accounts server lives on the second data centre's port.
            await RequestRecorder.RecordAsync(http, state.Requests, state.Clock, () => path.StartsWith("/oauth/", StringComparison.Ordinal)
                ? OAuthEndpoints.HandleAsync(http, state, state.Options.OtherLocation)
                : ResponseWriter.WriteErrorAsync(http, ZohoError.InvalidUrlPattern())).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith(AdminEndpoints.Prefix, StringComparison.Ordinal))
        {
            await AdminEndpoints.HandleAsync(http, state).ConfigureAwait(false);
            return;
        }

        await RequestRecorder.RecordAsync(http, state.Requests, state.Clock, async () =>
        {
            var isApi = path.StartsWith("/crm/", StringComparison.Ordinal);
            var isOAuth = path.StartsWith("/oauth/", StringComparison.Ordinal);
            if ((isApi || isOAuth) && await FaultMiddleware.ApplyAsync(http, state).ConfigureAwait(false))
            {
                return;
            }

            if (isApi && FunctionEndpoints.Matches(path, out var function))
            {
                await FunctionEndpoints.HandleAsync(http, state, function).ConfigureAwait(false);
            }
            else if (isApi)
            {
                await api.InvokeAsync(http).ConfigureAwait(false);
            }
            else if (isOAuth)
            {
                await OAuthEndpoints.HandleAsync(http, state).ConfigureAwait(false);
            }
            else
            {
                await ResponseWriter.WriteErrorAsync(http, ZohoError.InvalidUrlPattern()).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>The address Kestrel bound, e.g. http://127.0.0.1:53124.</summary>
    public static Uri BoundAddress(WebApplication app) => new(BoundAddresses(app)[0]);

    /// <summary>The second data centre's accounts server, e.g. http://127.0.0.1:53125.</summary>
    public static Uri OtherAccountsAddress(WebApplication app) => new(BoundAddresses(app)[1]);

    /// <summary>Kestrel lists the bound addresses in the order of the Listen calls.</summary>
    private static string[] BoundAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
}
