using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TravellerChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Action",
                table: "travellers",
                type: "character varying(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CheckedAt",
                table: "travellers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonKey",
                table: "travellers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reasons",
                table: "travellers",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "border_crossings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CrossingPoint = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Officer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RefusalReason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Surname = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    GivenNames = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Gender = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    Nationality = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    DocumentType = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DocumentIssuingState = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    DocumentExpiry = table.Column<DateOnly>(type: "date", nullable: true),
                    PersonKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TravellerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_border_crossings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lost_document_lists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActiveVersion = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lost_document_lists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lost_document_list_versions",
                columns: table => new
                {
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Edition = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EntryCount = table.Column<int>(type: "integer", nullable: false),
                    Added = table.Column<int>(type: "integer", nullable: false),
                    Changed = table.Column<int>(type: "integer", nullable: false),
                    Removed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lost_document_list_versions", x => new { x.ListId, x.Number });
                    table.ForeignKey(
                        name: "FK_lost_document_list_versions_lost_document_lists_ListId",
                        column: x => x.ListId,
                        principalTable: "lost_document_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lost_documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    IssuingState = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Type = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReportedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AddedInVersion = table.Column<int>(type: "integer", nullable: false),
                    ChangedInVersion = table.Column<int>(type: "integer", nullable: false),
                    RemovedInVersion = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lost_documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lost_documents_lost_document_lists_ListId",
                        column: x => x.ListId,
                        principalTable: "lost_document_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_travellers_ManifestId_Action",
                table: "travellers",
                columns: new[] { "ManifestId", "Action" });

            migrationBuilder.CreateIndex(
                name: "IX_travellers_PersonKey",
                table: "travellers",
                column: "PersonKey");

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_CrossingPoint_At",
                table: "border_crossings",
                columns: new[] { "CrossingPoint", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_DocumentNumber_DocumentIssuingState",
                table: "border_crossings",
                columns: new[] { "DocumentNumber", "DocumentIssuingState" });

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_OwningAgencyId_Marking_Caveats",
                table: "border_crossings",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_PersonKey_At",
                table: "border_crossings",
                columns: new[] { "PersonKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_lost_document_lists_Name",
                table: "lost_document_lists",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lost_documents_ListId_IssuingState_Number",
                table: "lost_documents",
                columns: new[] { "ListId", "IssuingState", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lost_documents_Number_IssuingState",
                table: "lost_documents",
                columns: new[] { "Number", "IssuingState" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "border_crossings");

            migrationBuilder.DropTable(
                name: "lost_document_list_versions");

            migrationBuilder.DropTable(
                name: "lost_documents");

            migrationBuilder.DropTable(
                name: "lost_document_lists");

            migrationBuilder.DropIndex(
                name: "IX_travellers_ManifestId_Action",
                table: "travellers");

            migrationBuilder.DropIndex(
                name: "IX_travellers_PersonKey",
                table: "travellers");

            migrationBuilder.DropColumn(
                name: "Action",
                table: "travellers");

            migrationBuilder.DropColumn(
                name: "CheckedAt",
                table: "travellers");

            migrationBuilder.DropColumn(
                name: "PersonKey",
                table: "travellers");

            migrationBuilder.DropColumn(
                name: "Reasons",
                table: "travellers");
        }
    }
}
