using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TravellerRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Masked",
                table: "travellers",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MaskedAt",
                table: "travellers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TravellerId",
                table: "case_persons",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "traveller_masks",
                columns: table => new
                {
                    TravellerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MaskedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traveller_masks", x => new { x.TravellerId, x.Kind });
                    table.ForeignKey(
                        name: "FK_traveller_masks_travellers_TravellerId",
                        column: x => x.TravellerId,
                        principalTable: "travellers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "traveller_unmask_authorisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TravellerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ManifestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Grantee = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    GrantedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traveller_unmask_authorisations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_persons_TravellerId",
                table: "case_persons",
                column: "TravellerId");

            migrationBuilder.CreateIndex(
                name: "IX_traveller_unmask_authorisations_ManifestId",
                table: "traveller_unmask_authorisations",
                column: "ManifestId");

            migrationBuilder.CreateIndex(
                name: "IX_traveller_unmask_authorisations_OwningAgencyId_Grantee_ValidUntil",
                table: "traveller_unmask_authorisations",
                columns: new[] { "OwningAgencyId", "Grantee", "ValidUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_traveller_unmask_authorisations_TravellerId",
                table: "traveller_unmask_authorisations",
                column: "TravellerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "traveller_masks");

            migrationBuilder.DropTable(
                name: "traveller_unmask_authorisations");

            migrationBuilder.DropIndex(
                name: "IX_case_persons_TravellerId",
                table: "case_persons");

            migrationBuilder.DropColumn(
                name: "Masked",
                table: "travellers");

            migrationBuilder.DropColumn(
                name: "MaskedAt",
                table: "travellers");

            migrationBuilder.DropColumn(
                name: "TravellerId",
                table: "case_persons");
        }
    }
}
