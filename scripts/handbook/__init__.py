"""The party-building handbook's build package: content model, ledgers, rendering, printing."""
