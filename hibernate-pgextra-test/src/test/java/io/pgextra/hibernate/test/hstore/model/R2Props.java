package io.pgextra.hibernate.test.hstore.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.Type;

/** An embeddable with an hstore attribute, used as an element collection element. */
@Embeddable
public class R2Props {
	public String label;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	public Map<String, String> props;

	public R2Props() {
	}

	public R2Props(String label, Map<String, String> props) {
		this.label = label;
		this.props = props;
	}
}
