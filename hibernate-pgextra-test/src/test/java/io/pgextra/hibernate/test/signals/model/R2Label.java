package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class R2Label {
	@Id
	public Long id;
	public String text;

	public R2Label() {
	}

	public R2Label(Long id, String text) {
		this.id = id;
		this.text = text;
	}
}
