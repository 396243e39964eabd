// Package importer reads what shops export — till and web-shop CSV files (Square,
// Shopify, spreadsheets in any common layout) and vCard contacts — maps their
// columns to Rapport's fields (guessed from the headers, changeable), checks every
// row, previews what an import would store and imports it in one transaction
// through store.ImportTx, so that it lands whole, is logged and can be undone. A
// file with a bad row imports nothing; the error names each bad row and column.
package importer
