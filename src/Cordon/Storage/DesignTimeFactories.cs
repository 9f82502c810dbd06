using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cordon.Storage;

// Used only by `dotnet ef migrations add`; the connection is never opened for Postgres.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCordonDb>
{
    public SqliteCordonDb CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteCordonDb>();
        StorageSetup.ConfigureSqlite(builder, "Data Source=design.db");
        return new SqliteCordonDb(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCordonDb>
{
    public PostgresCordonDb CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresCordonDb>();
        StorageSetup.ConfigurePostgres(builder, "Host=localhost;Database=cordon_design");
        return new PostgresCordonDb(builder.Options);
    }
}
