using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Caveats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing rows take their record type's default caveats (flag bits: 1 no-onward-sharing, 2 law-enforcement-only, 4 personal-data).
            migrationBuilder.DropIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId_Marking",
                table: "pre_arrival_consignments");

            migrationBuilder.DropIndex(
                name: "IX_declarations_OwningAgencyId_Marking",
                table: "declarations");

            migrationBuilder.AddColumn<bool>(
                name: "PersonalData",
                table: "sharing_agreements",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "screening_hits",
                type: "INTEGER",
                nullable: false,
                defaultValue: 6);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "risk_criterion_versions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "risk_criteria",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "pre_arrival_consignments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 4);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "lane_decisions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "inspections",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "declarations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 4);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "alerts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId_Marking_Caveats",
                table: "pre_arrival_consignments",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_OwningAgencyId_Marking_Caveats",
                table: "declarations",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId_Marking_Caveats",
                table: "pre_arrival_consignments");

            migrationBuilder.DropIndex(
                name: "IX_declarations_OwningAgencyId_Marking_Caveats",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "PersonalData",
                table: "sharing_agreements");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "screening_hits");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "risk_criterion_versions");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "risk_criteria");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "lane_decisions");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "inspections");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "alerts");

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId_Marking",
                table: "pre_arrival_consignments",
                columns: new[] { "OwningAgencyId", "Marking" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_OwningAgencyId_Marking",
                table: "declarations",
                columns: new[] { "OwningAgencyId", "Marking" });
        }
    }
}
