/**
 * Devices: the registry of the city's devices and their credentials ({@code registry}), the codecs
 * that turn device payloads into readings ({@code codec}), the one ingest pipeline every connector
 * hands its uplinks to ({@code ingest}), the LoRaWAN network-server connectors ({@code lorawan})
 * and device health ({@code health}).
 *
 * <p>A connector only translates its protocol: it authenticates the sender, builds an {@link
 * org.civitas.devices.ingest.Uplink} and passes it on; decoding, the device's own Datastreams and
 * idempotency are the pipeline's.
 */
package org.civitas.devices;
