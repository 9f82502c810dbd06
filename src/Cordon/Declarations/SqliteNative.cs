using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Cordon.Declarations;

/// <summary>
/// The few SQLite calls the bulk intake writer makes per value, straight into the same e_sqlite3 library
/// Microsoft.Data.Sqlite loads. Why not SQLitePCL: its per-call SafeHandle add/release and per-string
/// UTF-8 arrays cost more than SQLite's own work for a 40-column row (see decision 012).
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";
    public const int Ok = 0, Row = 100, Done = 101;
    private const int OpenReadWrite = 0x2, OpenNoMutex = 0x8000;
    /// <summary>SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.</summary>
    private static readonly IntPtr Transient = new(-1);

    [LibraryImport(Library, EntryPoint = "sqlite3_open_v2")]
    private static partial int OpenV2(byte* filename, out IntPtr db, int flags, IntPtr vfs);

    [LibraryImport(Library, EntryPoint = "sqlite3_close_v2")]
    private static partial int CloseV2(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_exec")]
    private static partial int Exec(IntPtr db, byte* sql, IntPtr callback, IntPtr argument, IntPtr errorMessage);

    [LibraryImport(Library, EntryPoint = "sqlite3_prepare_v2")]
    private static partial int PrepareV2(IntPtr db, byte* sql, int bytes, out IntPtr statement, IntPtr tail);

    [LibraryImport(Library, EntryPoint = "sqlite3_finalize")]
    private static partial int FinalizeStatement(IntPtr statement);

    // Binding and reading columns are short calls that never call back into .NET: no GC transition needed.
    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64"), SuppressGCTransition]
    private static partial int BindInt64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double"), SuppressGCTransition]
    private static partial int BindDouble(IntPtr statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null"), SuppressGCTransition]
    private static partial int BindNull(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text"), SuppressGCTransition]
    private static partial int BindText(IntPtr statement, int index, byte* value, int bytes, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob"), SuppressGCTransition]
    private static partial int BindBlob(IntPtr statement, int index, byte* value, int bytes, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    private static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset"), SuppressGCTransition]
    private static partial int Reset(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_changes"), SuppressGCTransition]
    private static partial int Changes(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int"), SuppressGCTransition]
    private static partial int ColumnInt(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    private static partial long ColumnInt64(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_text"), SuppressGCTransition]
    private static partial byte* ColumnText(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
    private static partial byte* ColumnBlob(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    private static partial int ColumnBytes(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_errmsg")]
    private static partial byte* ErrorMessage(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_extended_errcode")]
    private static partial int ExtendedErrorCode(IntPtr db);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime"), SuppressGCTransition]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>
    /// CPU time of the calling thread in seconds (Linux; 0 elsewhere): the benchmark reports the writer's
    /// own CPU per declaration, which other processes on the machine do not inflate the way they do wall time.
    /// </summary>
    public static double ThreadCpuSeconds()
    {
        const int threadCpuTimeClock = 3;
        return OperatingSystem.IsLinux() && ClockGetTime(threadCpuTimeClock, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : 0;
    }

    /// <summary>
    /// One connection of the writer's own, opened without SQLite's per-call mutex: only the writer's
    /// thread (one at a time) ever uses it.
    /// </summary>
    public sealed class Connection : IDisposable
    {
        private IntPtr _db;

        public Connection(string connectionString)
        {
            var settings = new SqliteConnectionStringBuilder(connectionString);
            if (settings.Mode == SqliteOpenMode.Memory || settings.DataSource is "" or ":memory:")
            {
                throw new InvalidOperationException("Intake writes to a SQLite database file; an in-memory database cannot be shared with the writer's connection.");
            }
            var path = Encoding.UTF8.GetBytes(settings.DataSource + "\0");
            fixed (byte* p = path)
            {
                var rc = OpenV2(p, out _db, OpenReadWrite | OpenNoMutex, IntPtr.Zero);
                if (rc != Ok)
                {
                    var error = Error(rc);
                    CloseV2(_db);
                    _db = IntPtr.Zero;
                    throw error;
                }
            }
        }

        public IntPtr Handle => _db;

        public int Changes() => SqliteNative.Changes(_db);

        public void Execute(string sql)
        {
            var bytes = Encoding.UTF8.GetBytes(sql + "\0");
            fixed (byte* p = bytes)
            {
                Check(Exec(_db, p, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero));
            }
        }

        public Statement Prepare(string sql) => new(this, sql);

        public void Check(int rc)
        {
            if (rc is not (Ok or Row or Done))
            {
                throw Error(rc);
            }
        }

        private SqliteException Error(int rc)
            => new(Marshal.PtrToStringUTF8((IntPtr)ErrorMessage(_db)) ?? $"SQLite error {rc}", rc, ExtendedErrorCode(_db));

        public void Dispose()
        {
            if (_db != IntPtr.Zero)
            {
                CloseV2(_db);
                _db = IntPtr.Zero;
            }
        }
    }

    /// <summary>A prepared statement bound by position from the staged values, without allocating.</summary>
    public sealed class Statement : IDisposable
    {
        private readonly Connection _connection;
        private IntPtr _statement;
        // Text is encoded here before SQLite copies it: one buffer per statement, grown when a value needs more.
        private byte[] _scratch = new byte[4096];

        public Statement(Connection connection, string sql)
        {
            _connection = connection;
            var bytes = Encoding.UTF8.GetBytes(sql);
            fixed (byte* p = bytes)
            {
                connection.Check(PrepareV2(connection.Handle, p, bytes.Length, out _statement, IntPtr.Zero));
            }
        }

        public void Bind(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                Bind(i, values[i]);
            }
        }

        public void Bind(int index, object? value)
        {
            var i = index + 1;
            var rc = value switch
            {
                null => BindNull(_statement, i),
                string s => Text(i, s),
                Guid g => Text(i, g),
                int n => BindInt64(_statement, i, n),
                long l => BindInt64(_statement, i, l),
                decimal m => BindDouble(_statement, i, (double)m),
                DateOnly d => Text(i, d),
                // Instants as UTC ticks, as the EF model stores them.
                DateTimeOffset t => BindInt64(_statement, i, t.UtcTicks),
                bool b => BindInt64(_statement, i, b ? 1 : 0),
                byte[] bytes => Blob(i, bytes),
                Utf8Text text => Text(i, text.Bytes),
                _ => throw new InvalidOperationException($"No SQLite binding for {value.GetType().Name}."),
            };
            _connection.Check(rc);
        }

        private int Text(int i, string s)
        {
            var max = Encoding.UTF8.GetMaxByteCount(s.Length);
            if (max > _scratch.Length)
            {
                _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
            }
            var n = Encoding.UTF8.GetBytes(s, _scratch);
            fixed (byte* p = _scratch)
            {
                return BindText(_statement, i, p, n, Transient);
            }
        }

        // EF Core's SQLite mapping stores GUIDs as upper-case text; rows written here must read back through EF.
        private int Text(int i, Guid g)
        {
            Span<byte> text = stackalloc byte[36];
            g.TryFormat(text, out _, "D");
            for (var k = 0; k < text.Length; k++)
            {
                if (text[k] is >= (byte)'a' and <= (byte)'f')
                {
                    text[k] -= 32;
                }
            }
            fixed (byte* p = text)
            {
                return BindText(_statement, i, p, 36, Transient);
            }
        }

        private int Text(int i, DateOnly d)
        {
            Span<byte> text = stackalloc byte[10];
            d.TryFormat(text, out var n, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            fixed (byte* p = text)
            {
                return BindText(_statement, i, p, n, Transient);
            }
        }

        private int Text(int i, byte[] utf8)
        {
            fixed (byte* p = utf8)
            {
                return BindText(_statement, i, p, utf8.Length, Transient);
            }
        }

        private int Blob(int i, byte[] bytes)
        {
            fixed (byte* p = bytes)
            {
                return BindBlob(_statement, i, p, bytes.Length, Transient);
            }
        }

        /// <summary>Runs a statement that returns no rows; returns the rows it changed.</summary>
        public int Execute()
        {
            try
            {
                var rc = Step(_statement);
                if (rc != Done)
                {
                    _connection.Check(rc);
                }
                return _connection.Changes();
            }
            finally
            {
                Reset(_statement);
            }
        }

        /// <summary>Runs a query; true when it returned a row, which <paramref name="read"/> reads into the state.</summary>
        public bool QueryFirst<TState>(ref TState state, RowReader<TState> read)
        {
            try
            {
                var rc = Step(_statement);
                if (rc == Row)
                {
                    read(new Columns(_statement), ref state);
                    return true;
                }
                if (rc != Done)
                {
                    _connection.Check(rc);
                }
                return false;
            }
            finally
            {
                Reset(_statement);
            }
        }

        public void Dispose()
        {
            if (_statement != IntPtr.Zero)
            {
                FinalizeStatement(_statement);
                _statement = IntPtr.Zero;
            }
        }
    }

    public delegate void RowReader<TState>(Columns row, ref TState state);

    /// <summary>The current row of a query.</summary>
    public readonly struct Columns(IntPtr statement)
    {
        public int Int(int column) => ColumnInt(statement, column);

        public long Long(int column) => ColumnInt64(statement, column);

        public string Text(int column)
        {
            var p = ColumnText(statement, column);
            return Encoding.UTF8.GetString(p, ColumnBytes(statement, column));
        }

        public byte[] Blob(int column)
        {
            var p = ColumnBlob(statement, column);
            return new ReadOnlySpan<byte>(p, ColumnBytes(statement, column)).ToArray();
        }
    }
}
