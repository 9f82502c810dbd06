using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cordon.Bench.Declarations;

/// <summary>
/// A throwaway PostgreSQL cluster for one benchmark run, with the server's default durability
/// (fsync and synchronous commit on), on a free loopback port. As root it runs as the postgres user.
/// </summary>
internal sealed class PgCluster : IDisposable
{
    public string ConnectionString { get; }
    private readonly string _directory;
    private readonly string _pgCtl;
    private readonly bool _asPostgres;

    private PgCluster(string connection, string directory, string pgCtl, bool asPostgres)
    {
        ConnectionString = connection;
        _directory = directory;
        _pgCtl = pgCtl;
        _asPostgres = asPostgres;
    }

    public static PgCluster Start()
    {
        string Find(string name) => Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", name)).FirstOrDefault(File.Exists)
                                    ?? throw new InvalidOperationException($"PostgreSQL's {name} is not installed (apt-get install postgresql), or pass --connection.");
        var initdb = Find("initdb");
        var pgCtl = Find("pg_ctl");
        var asRoot = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"cordon-bench-pg-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        if (asRoot)
        {
            Run("chown", ["-R", "postgres:postgres", directory], false);
        }
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var data = Path.Combine(directory, "data");
        Run(initdb, ["-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8"], asRoot);
        Run(pgCtl, ["-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB -c max_connections=200", "start"], asRoot);
        return new PgCluster($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100", directory, pgCtl, asRoot);
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed: {error} {output.Result}");
        }
    }

    public void Dispose()
    {
        try
        {
            Run(_pgCtl, ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop"], _asPostgres);
        }
        catch (InvalidOperationException)
        {
        }
        Directory.Delete(_directory, recursive: true);
    }
}
