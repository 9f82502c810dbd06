using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Confirmed");

            // Incidents raised by a sensor were never looked at as reported: possible; field reports stand as confirmed.
            migrationBuilder.Sql("UPDATE incidents SET \"Confidence\" = 'Possible' WHERE \"Pattern\" IS NOT NULL");

            migrationBuilder.CreateTable(
                name: "border_section_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", nullable: false),
                    ValidFrom = table.Column<long>(type: "INTEGER", nullable: true),
                    ValidUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_border_section_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "border_sections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AreaGeoJson = table.Column<string>(type: "TEXT", nullable: false),
                    LineGeoJson = table.Column<string>(type: "TEXT", nullable: false),
                    Border = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LengthMetres = table.Column<double>(type: "REAL", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LevelReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LevelEvidence = table.Column<string>(type: "TEXT", nullable: false),
                    LevelFrom = table.Column<long>(type: "INTEGER", nullable: true),
                    LevelUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LevelSetBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LevelSetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<int>(type: "INTEGER", nullable: false),
                    Caveats = table.Column<int>(type: "INTEGER", nullable: false)
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
