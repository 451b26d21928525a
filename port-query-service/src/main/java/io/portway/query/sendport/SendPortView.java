package io.portway.query.sendport;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.portway.query.projection.SendPortState;

import java.util.List;

/** A send port as the query API shows it: its state and the names of the groups it belongs to. */
public record SendPortView(@JsonUnwrapped SendPortState port, List<String> groups) {
}
