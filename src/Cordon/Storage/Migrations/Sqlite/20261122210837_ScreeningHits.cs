using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScreeningHits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "screening_backlog",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_backlog", x => new { x.RecordId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "screening_dismissals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<int>(type: "INTEGER", nullable: false),
                    PartyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DismissedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DismissedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HitId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_dismissals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "screening_hits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordReference = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    RecordVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PartyRole = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PartyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PartyCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    PartyIdentifiers = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PartyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ListId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ListName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ListVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    EntrySourceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    MatchedName = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EntryContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Band = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DismissalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StatusNote = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_hits", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_screening_backlog_OwningAgencyId_QueuedAt",
                table: "screening_backlog",
                columns: new[] { "OwningAgencyId", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_screening_dismissals_OwningAgencyId_PartyKey_EntityId",
                table: "screening_dismissals",
                columns: new[] { "OwningAgencyId", "PartyKey", "EntityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_EntityId",
                table: "screening_hits",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_OwningAgencyId_Status_CreatedAt",
                table: "screening_hits",
                columns: new[] { "OwningAgencyId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_PartyKey_EntityId",
                table: "screening_hits",
                columns: new[] { "PartyKey", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_RecordId_PartyRole_EntityId",
                table: "screening_hits",
                columns: new[] { "RecordId", "PartyRole", "EntityId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "screening_backlog");

            migrationBuilder.DropTable(
                name: "screening_dismissals");

            migrationBuilder.DropTable(
                name: "screening_hits");
        }
    }
}
