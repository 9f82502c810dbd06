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
    public string BaseUrl { get; }

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

    public static async Task<ServerProcess> StartAsync(params string[] extraArgs)
    {
        var dll = ServerDll();
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), $"cordon-e2e-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        foreach (var a in new[] { dll, "--demo", "--urls", $"http://127.0.0.1:{port}", $"--Cordon:DataDirectory={data}", "--environment=Development" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}", data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        // Seeding the demo takes about 10 s on a quiet machine; a shared CI machine can be several times slower.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{server.Log}");
            }
            try
            {
                if ((await http.GetAsync($"{server.BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"The server was not ready within 180 s:\n{server.Log}");
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
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cordon.slnx")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException("Cannot find the repository root (Cordon.slnx) above the test output.");
        }
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
