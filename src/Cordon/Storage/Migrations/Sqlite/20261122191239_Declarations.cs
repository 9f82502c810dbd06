using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Declarations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "declarations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Declarant = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    LodgedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TransportMode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Conveyance = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ImporterCode = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ImporterName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ImporterAddress = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ImporterCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ExporterCode = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ExporterName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ExporterAddress = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ExporterCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ConsigneeCode = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ConsigneeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsigneeAddress = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ConsigneeCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    OriginCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ExportCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    DestinationCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    PortOfLoading = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    PortOfDischarge = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    TotalFob = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    TotalCif = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    TotalDutiesAndTaxes = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false),
                    ItemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Opaque = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    FirstReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declarations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pre_arrival_consignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Filer = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsignorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsignorAddress = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ConsignorCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ConsigneeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsigneeAddress = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ConsigneeCountry = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    GoodsDescription = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    HsCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    GrossKg = table.Column<double>(type: "REAL", precision: 18, scale: 3, nullable: false),
                    Packages = table.Column<int>(type: "INTEGER", nullable: false),
                    TransportMode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Conveyance = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    Route = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ExpectedArrival = table.Column<long>(type: "INTEGER", nullable: false),
                    ContainerCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    FirstReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pre_arrival_consignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quarantined_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Position = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    ContentIsJson = table.Column<bool>(type: "INTEGER", nullable: false),
                    Errors = table.Column<string>(type: "TEXT", nullable: false),
                    RawHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResolvedRecordId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quarantined_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declaration_items",
                columns: table => new
                {
                    DeclarationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    HsCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Quantity = table.Column<double>(type: "REAL", precision: 18, scale: 3, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    GrossKg = table.Column<double>(type: "REAL", precision: 18, scale: 3, nullable: true),
                    NetKg = table.Column<double>(type: "REAL", precision: 18, scale: 3, nullable: true),
                    Fob = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    Cif = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    Duties = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    Taxes = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declaration_items", x => new { x.DeclarationId, x.Line });
                    table.ForeignKey(
                        name: "FK_declaration_items_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "declaration_versions",
                columns: table => new
                {
                    DeclarationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declaration_versions", x => new { x.DeclarationId, x.Version });
                    table.ForeignKey(
                        name: "FK_declaration_versions_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inspection_outcomes",
                columns: table => new
                {
                    DeclarationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Illicit = table.Column<bool>(type: "INTEGER", nullable: false),
                    Revenue = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_outcomes", x => x.DeclarationId);
                    table.ForeignKey(
                        name: "FK_inspection_outcomes_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consignment_containers",
                columns: table => new
                {
                    ConsignmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    ContainerNumber = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consignment_containers", x => new { x.ConsignmentId, x.Seq });
                    table.ForeignKey(
                        name: "FK_consignment_containers_pre_arrival_consignments_ConsignmentId",
                        column: x => x.ConsignmentId,
                        principalTable: "pre_arrival_consignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consignment_versions",
                columns: table => new
                {
                    ConsignmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consignment_versions", x => new { x.ConsignmentId, x.Version });
                    table.ForeignKey(
                        name: "FK_consignment_versions_pre_arrival_consignments_ConsignmentId",
                        column: x => x.ConsignmentId,
                        principalTable: "pre_arrival_consignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_consignment_containers_ContainerNumber",
                table: "consignment_containers",
                column: "ContainerNumber");

            migrationBuilder.CreateIndex(
                name: "IX_declaration_items_HsCode",
                table: "declaration_items",
                column: "HsCode");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_ImporterCode",
                table: "declarations",
                column: "ImporterCode");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_LodgedOn",
                table: "declarations",
                column: "LodgedOn");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_Office_Declarant_Number",
                table: "declarations",
                columns: new[] { "Office", "Declarant", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_declarations_Office_LodgedOn",
                table: "declarations",
                columns: new[] { "Office", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_OwningAgencyId",
                table: "declarations",
                column: "OwningAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_ExpectedArrival",
                table: "pre_arrival_consignments",
                column: "ExpectedArrival");

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_Office_Filer_Reference",
                table: "pre_arrival_consignments",
                columns: new[] { "Office", "Filer", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId",
                table: "pre_arrival_consignments",
                column: "OwningAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_quarantined_records_OwningAgencyId_Kind_RawHash",
                table: "quarantined_records",
                columns: new[] { "OwningAgencyId", "Kind", "RawHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quarantined_records_OwningAgencyId_ResolvedAt",
                table: "quarantined_records",
                columns: new[] { "OwningAgencyId", "ResolvedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consignment_containers");

            migrationBuilder.DropTable(
                name: "consignment_versions");

            migrationBuilder.DropTable(
                name: "declaration_items");

            migrationBuilder.DropTable(
                name: "declaration_versions");

            migrationBuilder.DropTable(
                name: "inspection_outcomes");

            migrationBuilder.DropTable(
                name: "quarantined_records");

            migrationBuilder.DropTable(
                name: "pre_arrival_consignments");

            migrationBuilder.DropTable(
                name: "declarations");
        }
    }
}
