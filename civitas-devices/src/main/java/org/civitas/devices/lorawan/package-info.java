/**
 * LoRaWAN network-server connectors: reading the webhooks of ChirpStack v4 ({@link
 * org.civitas.devices.lorawan.ChirpStackEvents}) and The Things Stack v3 ({@link
 * org.civitas.devices.lorawan.TtsMessages}) into {@link org.civitas.devices.lorawan.LorawanEvent}s,
 * checking their shared secret ({@link org.civitas.devices.lorawan.WebhookSecret}), and queueing
 * downlinks ({@link org.civitas.devices.lorawan.LorawanDownlinks}). A webhook route verifies the
 * request, parses it, looks the DevEUI up in the registry and passes {@link
 * org.civitas.devices.lorawan.LorawanUplink#toUplink(String)} to the ingest pipeline. The operator
 * guide is {@code docs/DEVICES.md}.
 */
package org.civitas.devices.lorawan;
