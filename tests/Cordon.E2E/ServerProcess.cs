using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cordon.E2E;

/// <summary>
/// The real Cordon server as its own process (its build output, run with `dotnet`), on a free loopback
/// port, with the demo data on a fresh SQLite file. Stopped and cleaned up on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly StringBuilder _log = new();
    private bool _keepData;
    public string BaseUrl { get; }
    /// <summary>The server's data directory (its SQLite file is cordon.db), for a test that must age what it stored.</summary>
    public string DataDirectory => _dataDirectory;

    private ServerProcess(Process process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        _dataDirectory = dataDirectory;
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

    /// <summary>
    /// Starts the server the way the README says (`dotnet run --project src/Cordon.Server -- --demo`),
    /// from the repository root, in the Production environment, on the build the test run just made
    /// (`-c Release --no-build`: the README's command builds first, which the test run has done).
    /// Only the port and the data directory differ, so the tests see what a newcomer sees; the data
    /// directory is a copy of one the run's first server seeded (the demo seed then adds nothing).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(params string[] extraArgs)
    {
        var data = NewDataDirectory();
        foreach (var file in Directory.GetFiles(await SeededTemplate.Value))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }
        return await RunAsync(data, extraArgs);
    }

    /// <summary>As <see cref="StartAsync"/>, on an empty data directory: the very first start of a fresh clone.</summary>
    public static Task<ServerProcess> StartFreshAsync(params string[] extraArgs) => RunAsync(NewDataDirectory(), extraArgs);

    // Why: seeding the demo (3,000 declarations scored, 400 consignments) took a quarter of each browser
    // test; it is done once per run and its files copied. The server is killed as a crash would: SQLite's
    // WAL holds what was committed, and the copies recover it on open. It is killed only once the
    // screening the seeding queued (every demo record, and the list import's rescreen) is done: killed
    // earlier, every test's server screened the demo again while the test ran.
    private static readonly Lazy<Task<string>> SeededTemplate = new(async () =>
    {
        var data = NewDataDirectory();
        var seeding = await RunAsync(data, ["--Cordon:Jobs:PollMilliseconds=100", "--Cordon:Screening:PollMilliseconds=100"]);
        await seeding.ScreeningDoneAsync();
        seeding._keepData = true;
        await seeding.DisposeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(data, recursive: true);
        return data;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Waits until the screening jobs the server started have all succeeded and no job has started or ended for 3 s (from
    /// its log: the jobs need a signed-in user to be read otherwise). After 120 s it gives up: the copies then screen on their own.
    /// </summary>
    private async Task ScreeningDoneAsync()
    {
        var started = new System.Text.RegularExpressions.Regex(@"Job (\S+) \(screening\.[a-z]+\) started");
        var succeeded = new System.Text.RegularExpressions.Regex(@"Job (\S+) succeeded\.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastChange = clock.Elapsed;
        var seen = (0, 0);
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var log = Log;
            var jobs = started.Matches(log).Select(m => m.Groups[1].Value).ToHashSet();
            var done = succeeded.Matches(log).Select(m => m.Groups[1].Value).ToHashSet();
            if ((jobs.Count, done.Count) != seen)
            {
                seen = (jobs.Count, done.Count);
                lastChange = clock.Elapsed;
            }
            if (jobs.Count > 0 && jobs.IsSubsetOf(done) && clock.Elapsed - lastChange > TimeSpan.FromSeconds(3))
            {
                return;
            }
            await Task.Delay(200);
        }
    }

    private static string NewDataDirectory()
    {
        var data = Path.Combine(Path.GetTempPath(), $"cordon-e2e-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        return data;
    }

    private static Task<ServerProcess> RunAsync(string data, string[] extraArgs)
    {
        var root = RepositoryRoot();
        var port = FreePort();
        var start = Dotnet(root);
        foreach (var a in new[] { "run", "--project", Path.Combine("src", "Cordon.Server"), "-c", Configuration, "--no-build", "--",
                     "--demo", "--urls", $"http://127.0.0.1:{port}", $"--Cordon:DataDirectory={data}",
                     // A browser suite signs in far more often than a person: the sign-in limit would throttle it.
                     "--Cordon:Edge:RateLimits:Enabled=false" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(a);
        }
        return LaunchAsync(start, port, data);
    }

    /// <summary>Starts a published copy the way an operator would: `dotnet Cordon.Server.dll` from its folder.</summary>
    public static async Task<ServerProcess> StartPublishedAsync(string dll)
    {
        var port = FreePort();
        var data = NewDataDirectory();
        var start = Dotnet(Path.GetDirectoryName(dll)!);
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}", $"--Cordon:DataDirectory={data}" })
        {
            start.ArgumentList.Add(a);
        }
        return await LaunchAsync(start, port, data);
    }

    /// <summary>`dotnet` in a folder, in the Production environment whatever the test run's own environment says.</summary>
    private static ProcessStartInfo Dotnet(string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        return start;
    }

    private static async Task<ServerProcess> LaunchAsync(ProcessStartInfo start, int port, string data)
    {
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}", data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        // Seeding the demo takes about 10 s on a quiet machine; a shared CI machine can be several times slower.
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{server.Log}");
                }
                try
                {
                    return (await http.GetAsync($"{server.BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(180), () => $"The server was not ready within 180 s:\n{server.Log}", TimeSpan.FromMilliseconds(250));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
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

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cordon.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Cordon.slnx) above the test output.");
    }

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_keepData)
        {
            return;
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
