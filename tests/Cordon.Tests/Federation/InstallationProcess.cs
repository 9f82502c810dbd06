using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Cordon.Identity;
using Cordon.Federation;
using Cordon.Tests.Support;

namespace Cordon.Tests.Federation;

/// <summary>
/// A Cordon installation as its own server process (the built Cordon.Server.dll run with `dotnet`) on a fixed
/// loopback port, over its own store and data directory (so its keys survive a restart). Stop and start it
/// again to simulate an outage.
/// </summary>
public sealed class InstallationProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly StringBuilder _log = new();
    private readonly string _dataDirectory;
    private readonly Dictionary<string, string> _keys = [];
    public string Name { get; }
    public TestStore Store { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    /// <summary>The server's data directory (its key files).</summary>
    public string DataDirectory => _dataDirectory;
    private readonly string[] _settings;

    private InstallationProcess(string name, TestStore store, string[] settings)
    {
        _settings = settings;
        Name = name;
        Store = store;
        Port = FreePort();
        _dataDirectory = Path.Combine(Path.GetTempPath(), $"cordon-fed-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDirectory);
    }

    /// <summary>A fresh store with the demo agencies and users, and the server started on it.</summary>
    /// <param name="settings">More command-line settings of the server ("--Key=value").</param>
    public static async Task<InstallationProcess> StartAsync(string name, string storeKind, params string[] settings)
    {
        var store = await TestStore.CreateAsync(storeKind);
        await using (var db = store.Open())
        {
            await Demo.DemoSeed.SeedAsync(db, FederationWorld.Now, FederationWorld.Ct);
        }
        var installation = new InstallationProcess(name, store, settings);
        await installation.StartAsync();
        return installation;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dataDirectory };
        string[] args =
        [
            ServerDll(), "--urls", BaseUrl, $"--Cordon:DataDirectory={_dataDirectory}", "--environment=Development",
            $"--Database:Provider={Store.Settings.Provider}", $"--ConnectionStrings:Cordon={Store.Settings.ConnectionString}",
            $"--Cordon:Federation:Installation={Name}", "--Cordon:Federation:PollMilliseconds=200", "--Cordon:Federation:WitnessSeconds=1",
            "--Cordon:Federation:MaxBackoffSeconds=1", "--Cordon:Alerts:PollMilliseconds=500", "--Logging:LogLevel:Default=Warning",
        ];
        foreach (var a in args.Concat(_settings))
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        using var http = new HttpClient();
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{Log}");
            }
            try
            {
                return (await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), () => $"{Name} was not ready within 90 s:\n{Log}", TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Kills the process (an outage: nothing is shut down cleanly).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>A client with an API key of a demo user (created once, directly in the store), stating a purpose.</summary>
    public async Task<HttpClient> AsAsync(string userName, string purpose = "investigation")
    {
        if (!_keys.TryGetValue(userName, out var secret))
        {
            await using var db = Store.Open();
            var user = db.Users.Single(u => u.UserName == userName);
            var agency = db.Agencies.Single(a => a.Id == user.AgencyId);
            secret = (await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey($"federation test {userName}", agency.Code, RoleNames.Names(user.Roles).ToArray()))).Secret;
            _keys[userName] = secret;
        }
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        client.DefaultRequestHeaders.Add(Cordon.Sharing.PurposeNames.Header, purpose);
        return client;
    }

    /// <summary>Pairs the two installations both ways, as two operators would with each other's identity.</summary>
    public static async Task PairAsync(InstallationProcess a, InstallationProcess b)
    {
        var ct = FederationWorld.Ct;
        using var anonymous = new HttpClient();
        var idA = await (await anonymous.GetAsync($"{a.BaseUrl}/api/federation/identity", ct)).OkAsync<InstallationView>();
        var idB = await (await anonymous.GetAsync($"{b.BaseUrl}/api/federation/identity", ct)).OkAsync<InstallationView>();
        (await (await a.AsAsync("operator")).PostAsJsonAsync("/api/federation/partners", new NewPartner(b.Name, b.BaseUrl, idB.FederationKey, idB.AuditKey), ct)).EnsureSuccessStatusCode();
        (await (await b.AsAsync("operator")).PostAsJsonAsync("/api/federation/partners", new NewPartner(a.Name, a.BaseUrl, idA.FederationKey, idA.AuditKey), ct)).EnsureSuccessStatusCode();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static string ServerDll()
    {
        var directory = new DirectoryInfo(Repository.Root);
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(directory.FullName, "src", "Cordon.Server", "bin", configuration, "net10.0", "Cordon.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first.", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
