using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>A throwaway PostgreSQL cluster for the benchmark (initdb + pg_ctl on a free loopback port; as root, run as 'postgres').</summary>
internal sealed class BenchPostgres : IDisposable
{
    public required string Connection { get; init; }
    private readonly string _data;
    private readonly string _pgCtl;
    private readonly bool _asPostgres;

    private BenchPostgres(string data, string pgCtl, bool asPostgres)
    {
        _data = data;
        _pgCtl = pgCtl;
        _asPostgres = asPostgres;
    }

    public static BenchPostgres Start(string work)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).FirstOrDefault()
                  ?? throw new InvalidOperationException("PostgreSQL is not installed; pass --stores sqlite or --postgres CONNSTRING.");
        var asRoot = Environment.UserName == "root";
        var directory = Path.Combine(work, "pg");
        Directory.CreateDirectory(directory);
        if (asRoot)
        {
            Run("chown", ["-R", "postgres:postgres", work], false);
        }
        var data = Path.Combine(directory, "data");
        var port = FreePort();
        Run(Path.Combine(bin, "initdb"), ["-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], asRoot);
        // Durable settings (fsync and synchronous_commit on, as in production) with a production-like memory budget.
        Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c max_wal_size=8GB -c checkpoint_timeout=30min", "start"], asRoot);
        return new BenchPostgres(data, Path.Combine(bin, "pg_ctl"), asRoot)
        {
            Connection = $"Host=127.0.0.1;Port={port};Username=postgres;Database=cordon_bench;Pooling=true;Command Timeout=0",
        };
    }

    public void Dispose()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        Run(_pgCtl, ["-D", _data, "-m", "fast", "-w", "stop"], _asPostgres);
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited {process.ExitCode}: {stderr.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
