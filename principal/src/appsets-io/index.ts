export { loadClusterInventoryFile, parseClusterInventory } from './cluster-inventory-file.ts';
