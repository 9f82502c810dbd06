using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Cordon.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: initdb into a temporary folder, pg_ctl start on a
/// free loopback port with trust authentication, stopped and removed when the test process ends.
/// initdb refuses to run as root, so as root (CI) the cluster runs as the `postgres` user.
/// Set CORDON_TEST_POSTGRES to a connection string to use an existing server instead.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public string? Unavailable { get; private init; }
    public string AdminConnection { get; private init; } = "";

    private string? _directory;
    private string? _pgCtl;
    private bool _asPostgresUser;

    public static PostgresCluster Instance => Shared.Value;

    public static string? FindBinary(string name)
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", name))
                : []);
        return candidates.FirstOrDefault(File.Exists);
    }

    private static PostgresCluster Start()
    {
        if (Environment.GetEnvironmentVariable("CORDON_TEST_POSTGRES") is { Length: > 0 } external)
        {
            return new PostgresCluster { AdminConnection = external };
        }
        var initdb = FindBinary("initdb");
        var pgCtl = FindBinary("pg_ctl");
        if (initdb is null || pgCtl is null)
        {
            return new PostgresCluster { Unavailable = "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin); install the 'postgresql' package to run these tests." };
        }
        var asRoot = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"cordon-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, "data");
        var port = FreePort();
        try
        {
            if (asRoot)
            {
                Run("chown", ["-R", "postgres:postgres", directory]);
            }
            Run(initdb, ["-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], asRoot);
            Run(pgCtl, ["-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"], asRoot);
        }
        catch (Exception e)
        {
            return new PostgresCluster { Unavailable = $"Could not start a throwaway PostgreSQL cluster: {e.Message}" };
        }
        var cluster = new PostgresCluster
        {
            AdminConnection = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Include Error Detail=true",
            _directory = directory,
            _pgCtl = pgCtl,
            _asPostgresUser = asRoot,
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    /// <summary>A new empty database, or a copy of <paramref name="template"/> (a database no one is connected to).</summary>
    public string CreateDatabase(string? template = null)
    {
        var name = $"t_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(AdminConnection))
        {
            connection.Open();
            using var command = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name }.ToString();
    }

    public void DropDatabase(string connection)
    {
        var name = new NpgsqlConnectionStringBuilder(connection).Database;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(AdminConnection);
        admin.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        command.ExecuteNonQuery();
    }

    private void Stop()
    {
        if (_directory is null || _pgCtl is null)
        {
            return;
        }
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(_pgCtl, ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }
        catch (Exception)
        {
            // The process is ending; a cluster that will not stop is killed with it.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Run(string file, string[] args, bool asPostgres = false)
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
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(true);
            throw new TimeoutException($"{file} did not finish in 120 s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
