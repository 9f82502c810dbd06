using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImpactLevels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Confidence",
                table: "incidents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Confirmed");

            // Incidents raised by a sensor were never looked at as reported: possible; field reports stand as confirmed.
            migrationBuilder.Sql("UPDATE incidents SET \"Confidence\" = 'Possible' WHERE \"Pattern\" IS NOT NULL");

            migrationBuilder.CreateTable(
                name: "border_section_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Evidence = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ValidUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SetBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_border_section_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "border_sections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AreaGeoJson = table.Column<string>(type: "text", nullable: false),
                    LineGeoJson = table.Column<string>(type: "text", nullable: false),
                    Border = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LengthMetres = table.Column<double>(type: "double precision", nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LevelReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LevelEvidence = table.Column<string>(type: "text", nullable: false),
                    LevelFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LevelUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LevelSetBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LevelSetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_border_sections", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_border_section_versions_SectionId_Version",
                table: "border_section_versions",
                columns: new[] { "SectionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_border_sections_OwningAgencyId_Name",
                table: "border_sections",
                columns: new[] { "OwningAgencyId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "border_section_versions");

            migrationBuilder.DropTable(
                name: "border_sections");

            migrationBuilder.DropColumn(
                name: "Confidence",
                table: "incidents");
        }
    }
}
