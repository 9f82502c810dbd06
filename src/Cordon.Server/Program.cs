using Cordon.Server;

// `--demo`, `--provider` and `--connection` are accepted as plain flags for convenience;
// everything else is standard ASP.NET Core configuration (appsettings, environment, --Key=value).
var app = CordonServer.Build(CordonServer.NormaliseArgs(args));
await CordonServer.PrepareAsync(app);
await app.RunAsync();

/// <summary>Exposed for WebApplicationFactory in tests.</summary>
public partial class Program;
