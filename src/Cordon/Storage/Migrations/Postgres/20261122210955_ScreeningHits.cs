using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
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
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    QueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_backlog", x => new { x.RecordId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "screening_dismissals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    PartyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DismissedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DismissedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HitId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_dismissals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "screening_hits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordReference = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    RecordVersion = table.Column<int>(type: "integer", nullable: false),
                    PartyRole = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PartyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PartyCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    PartyIdentifiers = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PartyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    ListName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ListVersion = table.Column<int>(type: "integer", nullable: false),
                    EntrySourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EntryName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    MatchedName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    EntryContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Band = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Explanation = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReviewedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DismissalId = table.Column<Guid>(type: "uuid", nullable: true),
                    StatusNote = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
