package io.portway.events;

/** The send pipeline applied before a message is handed to its transport. */
public enum SendPipeline {
    /** Sends the body as it is. */
    PassThruTransmit,
    /** Requires a well-formed XML body; otherwise the instance is suspended with {@code PIPELINE_FAILED}. */
    XmlTransmit
}
