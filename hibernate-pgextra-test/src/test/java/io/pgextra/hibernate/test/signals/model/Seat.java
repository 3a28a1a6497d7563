package io.pgextra.hibernate.test.signals.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;

/**
 * A composite primary key with an element collection: a bulk delete runs two statements (the collection table,
 * then the entity), and the row count is checked on the entity's.
 */
@Entity
public class Seat {

	@Embeddable
	public record Key(String hall, int number) implements Serializable {
	}

	@EmbeddedId
	public Key key;

	public String state;

	@ElementCollection
	@CollectionTable(name = "seat_label", joinColumns = { @JoinColumn(name = "hall"), @JoinColumn(name = "number") })
	@Column(name = "label")
	public List<String> labels = new ArrayList<>();

	public Seat() {
	}

	public Seat(String hall, int number, String state, String... labels) {
		this.key = new Key( hall, number );
		this.state = state;
		this.labels.addAll( List.of( labels ) );
	}
}
