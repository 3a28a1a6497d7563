package io.pgextra.hibernate.test.compat.model;

import java.util.HashMap;
import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.Type;

/** A row of an element collection with an hstore column mapped with Hypersistence's type. */
@Embeddable
public class CompatPart {
	public String name;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	public Map<String, String> props = new HashMap<>();

	public CompatPart() {
	}

	public CompatPart(String name, Map<String, String> props) {
		this.name = name;
		this.props = new HashMap<>( props );
	}
}
